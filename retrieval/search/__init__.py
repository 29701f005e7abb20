"""Search: a question (and its filters) in; ranked `Passage`s out.

Dense, lexical and best-sentence signals fused and diversified; follow-up questions made self-contained."""
