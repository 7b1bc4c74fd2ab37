"""Pure domain: the model, validation and rules. Imports neither Textual nor TinyDB."""
