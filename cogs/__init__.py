"""The Discord layer: one cog per feature, rendering and buttons; it calls the core (`retrieval`) only."""
