"""The Discord layer's helpers: rendering core records as embeds and text, buttons, checks (admin rule,
allow-lists, cooldown, the gated base cog), the one error handler."""
