"""axe-core, the accessibility checker, for the browser tests: fetched once from the npm
registry (``npm pack``, like Solara's assets in ``wijkteam.dashboards.assets``) into
``.cache/axe-core@<version>/`` and injected into a page with Playwright.

    python tests/browser/axe.py          # fetch it (CI does this through the fixture)

Only violations of impact "serious" or "critical" fail a test: those are the ones that keep
someone from using the page (no name on a control, text too faint to read, zoom blocked...).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from wijkteam.dashboards import assets

AXE_VERSION = "4.10.3"  # pinned: every machine checks against the same rules
BLOCKING = ("serious", "critical")


def axe_dir() -> Path:
    """Where axe-core lives: beside Solara's assets (``.cache/`` of the checkout)."""
    return assets.asset_dir().parent / f"axe-core@{AXE_VERSION}"


def ensure_axe() -> Path:
    """The path of ``axe.min.js``, fetched from npm if it is not there yet."""
    target = axe_dir()
    script = target / "axe.min.js"
    if script.is_file():
        return script
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        tmp_path = Path(tmp)
        (record,) = assets._npm_pack([f"axe-core@{AXE_VERSION}"], tmp_path)
        unpacked = tmp_path / "axe-core"
        assets._unpack(tmp_path / record["filename"], unpacked)
        if not (unpacked / "axe.min.js").is_file():
            raise RuntimeError(f"axe-core@{AXE_VERSION} from npm has no axe.min.js")
        if target.exists():
            shutil.rmtree(target)
        unpacked.rename(target)
    return script


def run_axe(page, script: Path, still: bool = True) -> list[dict]:
    """Run axe-core on the page as it is now; the serious and critical violations, each
    with its rule, impact, help text and the first few offending elements.

    `still`: first wait until no fade or transition is under way (a fading panel's text is
    briefly below any contrast threshold). False checks the page at once, e.g. while a
    recompute is in flight (its progress bar moves until the work is done)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    if still:
        page.wait_for_function("() => document.getAnimations().length === 0", timeout=60_000)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' +
                                                   (n.failureSummary || '').slice(0, 160)),
                count: v.nodes.length,
            }));
        }"""
    )
    return [v for v in result if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}, {v['count']}×): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


if __name__ == "__main__":
    print(ensure_axe())
