"""Three small widgets the explorer needs and Solara does not have in the right form.

- `DownloadButton`: the file is made when the button is clicked, from what is on screen at
  that moment, and sent to the browser with its name in one message. (Solara's
  `FileDownload` keeps a "download requested" flag across re-renders: a click while the
  page re-rendered downloaded the neighbouring button's file, or a file containing `null`.)
- `FilePicker`: a file chosen with a normal file dialog (keyboard, screen reader) or dropped
  on it; its text is handed to Python.
- `NumberField`: a text field that hands over what was typed on Enter *and* when the field
  loses focus, and shows the message of an invalid value under itself.
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
