"""A tiny Solara page for the browser smoke test: a button and a counter text."""

import solara


@solara.component
def Page():
    # per-session state: each browser tab gets its own counter
    clicks, set_clicks = solara.use_state(0)
    with solara.Column():
        solara.Markdown("# Wijkteam smoke test")
        solara.Text(f"Clicks: {clicks}")
        solara.Button("Click me", on_click=lambda: set_clicks(clicks + 1))
