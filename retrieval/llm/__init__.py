"""LLM: passages and the extractive answer in; a model-written answer whose every sentence was checked out.

The chat-model factory, the prompts, the claim checks and the writer. Optional: off unless configured."""
