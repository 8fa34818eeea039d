"""Small widgets the dashboard needs and Solara does not have in the right form.

- `DownloadButton`: the file is made when the button is clicked, from what is on screen at
  that moment, and sent to the browser with its name in one message. (Solara's
  `FileDownload` keeps a "download requested" flag across re-renders: a click while the
  page re-rendered downloaded the neighbouring button's file, or a file containing `null`.)
- `FilePicker`: a file chosen with a normal file dialog (keyboard, screen reader) or dropped
  on it; its text is handed to Python.
- `NumberField`: a text field that hands over what was typed on Enter *and* when the field
  loses focus, and shows the message of an invalid value under itself.
- `Choice`: a row of buttons of which one is pressed, as the server holds it, with
  `aria-pressed` (Vuetify's toggle says to a screen reader only "button").
- `JumpButton`: moves the view and the keyboard focus to a part of the page further down
  (past the levers to the results, on a phone ~2,400 px down).
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import ipyvuetify as v
import reacton.ipyvuetify as rv
import solara
import traitlets

MAX_IMPORT_BYTES = 1_000_000

_DOWNLOAD_VUE = """
<template>
  <v-btn small outlined color="primary" class="wt-download" :class="button_class"
         :disabled="disabled" @click="fetch()" :aria-label="label">
    <v-icon left small>{{ icon }}</v-icon>{{ label }}
  </v-btn>
</template>
<script>
module.exports = {
  watch: {
    ticket() {
      if (!this.payload) return;
      const raw = atob(this.payload);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([bytes], {type: this.sent_mime}));
      const a = document.createElement('a');
      a.href = url;
      a.download = this.sent_name;
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }
  }
}
</script>
"""


class _Download(v.VuetifyTemplate):
    template = traitlets.Unicode(_DOWNLOAD_VUE).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    icon = traitlets.Unicode("mdi-download").tag(sync=True)
    button_class = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    payload = traitlets.Unicode("").tag(sync=True)
    sent_name = traitlets.Unicode("").tag(sync=True)
    sent_mime = traitlets.Unicode("").tag(sync=True)
    ticket = traitlets.Int(0).tag(sync=True)
    # not sent to the browser: called at the click, returns (file name, mime type, content)
    make = traitlets.Any(None)

    def vue_fetch(self, _data=None) -> None:
        if self.make is None:
            return
        name, mime, content = self.make()
        data = content.encode("utf-8") if isinstance(content, str) else content
        with self.hold_sync():
            self.payload = base64.b64encode(data).decode("ascii")
            self.sent_name = name
            self.sent_mime = mime
            self.ticket += 1


def DownloadButton(
    label: str,
    make: Callable[[], tuple[str, str, str | bytes]],
    css: str = "",
    icon: str = "mdi-download",
    disabled: bool = False,
):
    """A button that downloads ``make()`` = (file name, mime type, content) when clicked.
    Give it a ``.key(...)`` where buttons come and go, so a click never lands on another."""
    return _Download.element(label=label, make=make, button_class=css, icon=icon, disabled=disabled)


_PICKER_VUE = """
<template>
  <div class="wt-drop" :class="{'wt-drop-over': over}"
       @dragover.prevent="over = true" @dragleave="over = false" @drop.prevent="drop">
    <label class="wt-drop-label">
      <span>{{ label }}</span>
      <input type="file" accept=".toml,text/plain,application/toml" :aria-label="label"
             class="wt-file-input" @change="picked">
    </label>
  </div>
</template>
<script>
module.exports = {
  data() { return {over: false}; },
  methods: {
    send(file) {
      if (!file) return;
      if (file.size > MAX_BYTES) { this.loaded({name: file.name, text: null}); return; }
      const reader = new FileReader();
      reader.onload = () => this.loaded({name: file.name, text: reader.result});
      reader.readAsText(file);
    },
    picked(event) { this.send(event.target.files[0]); event.target.value = ''; },
    drop(event) { this.over = false; this.send(event.dataTransfer.files[0]); },
  }
}
</script>
""".replace("MAX_BYTES", str(MAX_IMPORT_BYTES))


class _Picker(v.VuetifyTemplate):
    template = traitlets.Unicode(_PICKER_VUE).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    on_file = traitlets.Any(None)  # called with (file name, text or None when too large)

    def vue_loaded(self, data) -> None:
        if self.on_file is not None:
            self.on_file(data.get("name", ""), data.get("text"))


def FilePicker(label: str, on_file: Callable[[str, str | None], None]):
    """A file input (click, Enter or Space opens the file dialog) that is also a drop zone."""
    return _Picker.element(label=label, on_file=on_file)


@solara.component
def NumberField(
    label: str,
    value: str,
    on_commit: Callable[[str], None],
    error: str | None = None,
    css: str = "",
    suffix: str = "",
):
    """A number typed as text: handed over (as typed) on Enter and when the field loses
    focus; `error` (already in the page's language) shows under the field."""
    text, set_text = solara.use_state(value)
    solara.use_effect(lambda: set_text(value), [value])  # a new value from outside
    commit_ref = solara.use_ref(on_commit)
    commit_ref.current = on_commit
    field = rv.TextField(
        v_model=text,
        on_v_model=set_text,
        label=label,
        dense=True,
        suffix=suffix,
        error_messages=[error] if error else [],
        hide_details="auto",
        class_=f"wt-number {css}".strip(),
    )

    def listen():
        widget = solara.get_widget(field)

        def commit(*_args) -> None:
            typed = str(widget.v_model if widget.v_model is not None else "").strip()
            if typed != value:
                commit_ref.current(typed)

        widget.on_event("blur", commit)
        widget.on_event("keyup.enter", commit)

        def stop():
            widget.on_event("blur", commit, remove=True)
            widget.on_event("keyup.enter", commit, remove=True)

        return stop

    solara.use_effect(listen, [value])
    return field


@solara.component
def Choice(
    label: str,
    value: str,
    on_value: Callable[[str], None],
    options: dict[str, str],
    class_name: str,
    show_label: bool = True,
):
    """A row of buttons, one per key of `options` (key -> text), the one of `value` pressed.

    Why not Vuetify's toggle (a value synchronised both ways): when the server is busy, a
    click can cross an older value on its way back and the browser keeps showing the button
    it pressed while the server holds the other one (defect 6 of issue 10). Here a click
    only asks the server; which button looks pressed (and `aria-pressed`, which a screen
    reader announces) is always what the server holds. `label` names the group for screen
    readers, and is shown before it unless `show_label` is false."""
    with solara.Row(classes=["wt-choice", class_name], gap="0px", style={"align-items": "center"}):
        if show_label:
            solara.Text(label, classes=["wt-label"], style={"margin-right": "8px"})
        with solara.Div(
            attributes={"role": "group", "aria-label": label}, classes=["wt-choice-group"]
        ):
            for key, text in options.items():
                pressed = key == value
                solara.Button(
                    text,
                    on_click=lambda k=key: on_value(k),
                    color="primary" if pressed else None,
                    outlined=not pressed,
                    classes=["wt-choice-btn"] + (["wt-pressed"] if pressed else []),
                    attributes={"aria-pressed": "true" if pressed else "false"},
                )


_JUMP_VUE = """
<template>
  <v-btn small text color="primary" class="wt-jump" :class="button_class" @click="jump()">
    {{ label }}
  </v-btn>
</template>
<script>
module.exports = {
  methods: {
    jump() {
      const target = document.querySelector(this.target);
      if (!target) return;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.scrollIntoView({block: "start"});
      target.focus({preventScroll: true});
    }
  }
}
</script>
"""


class _Jump(v.VuetifyTemplate):
    template = traitlets.Unicode(_JUMP_VUE).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    target = traitlets.Unicode("").tag(sync=True)
    button_class = traitlets.Unicode("").tag(sync=True)


def JumpButton(label: str, target: str, css: str = ""):
    """A button that scrolls to the first element matching the CSS selector `target` and
    puts the keyboard focus there, all in the browser (no round trip to the server)."""
    return _Jump.element(label=label, target=target, button_class=css)
