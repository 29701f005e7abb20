"""Answer: ranked passages in; an `Answer` or `Summary` of quoted, cited sentences (or a reasoned abstention) out.

Sentence focus, answerability, the extractive answer and summaries."""
