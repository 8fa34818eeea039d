"""Local copies of the JavaScript/CSS packages that Solara loads from a CDN.

Solara's pages load their front-end (Vue/Vuetify app, RequireJS, Font Awesome, and on demand
KaTeX, Mermaid, Vega, a grid layout) from ``https://cdn.jsdelivr.net/npm/``, which these
machines cannot reach: the page stays blank. Solara's server can instead serve them from a
local folder named by ``SOLARA_ASSETS_PROXY_CACHE_DIR``, laid out like the CDN, one folder
``<package>@<version>/`` per npm package with the package's files inside.

This module fills that folder from the npm registry (``npm pack``) and tells a Solara server
process where it is::

    python -m wijkteam.dashboards.assets          # fetch what is missing, print the folder

    from wijkteam.dashboards import assets
    env = {**os.environ, **assets.solara_env()}   # for `solara run ...`

The list below is what solara 1.64.1 requests: found by serving a page with an empty cache
folder in headless Chromium and reading the 404s, plus the URLs in solara's own components
(``solara/widgets/vue/*.vue``, ``solara/components/markdown.py``) that load lazily.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

# folder name as Solara requests it (the CDN path prefix)  ->  exact npm spec to fetch.
# Solara asks for some packages by major version only (``vega@5``); the CDN would serve the
# newest 5.x. We pin the newest one at the time of writing, so every machine gets the same.
PACKAGES: dict[str, str] = {
    # always loaded by every page (solara/server/templates/solara.html.j2)
    "@widgetti/solara-vuetify-app@10.1.1": "@widgetti/solara-vuetify-app@10.1.1",
    "requirejs@2.3.6": "requirejs@2.3.6",
    "font-awesome@4.5.0": "font-awesome@4.5.0",
    # loaded on demand by solara components
    "@widgetti/vue-grid-layout@2.3.13-alpha.2": "@widgetti/vue-grid-layout@2.3.13-alpha.2",
    "katex@0.16.9": "katex@0.16.9",
    "mermaid@10.8.0": "mermaid@10.8.0",
    "vega@5": "vega@5.33.1",
    "vega-lite@5": "vega-lite@5.23.0",
    "vega-embed@6": "vega-embed@6.29.0",
}

#: files the CDN makes up (it minifies any file on request) that the npm package lacks:
#: (folder, file to create, file to copy it from). Solara loads require.min.js when a page
#: has no RequireJS yet; the unminified file is equivalent.
EXTRA_FILES: tuple[tuple[str, str, str], ...] = (
    ("requirejs@2.3.6", "require.min.js", "require.js"),
)

#: written into each package folder last, before the folder is moved into place
MARKER = ".wijkteam-npm-pack.json"

#: a closed port on loopback: with the offline env, Solara's CDN fallback for a file that is
#: not in the local folder fails at once instead of sending traffic off the machine
DEAD_CDN = "http://127.0.0.1:9/npm/"


def _repo_root() -> Path | None:
    """The source checkout this module lives in (editable install), if any."""
    here = Path(__file__).resolve().parent
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").is_file() and (candidate / "dashboards").is_dir():
            return candidate
    return None


def asset_dir() -> Path:
    """The folder Solara serves its CDN packages from.

    ``$WIJKTEAM_ASSETS_DIR`` if set; else ``<repo>/.cache/solara-assets`` in a source
    checkout; else ``$XDG_CACHE_HOME/wijkteam/solara-assets`` (``~/.cache/...``).
    """
    env = os.environ.get("WIJKTEAM_ASSETS_DIR")
    if env:
        return Path(env).expanduser().resolve()
    root = _repo_root()
    if root is not None:
        return root / ".cache" / "solara-assets"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "wijkteam" / "solara-assets"


def _missing(directory: Path) -> list[str]:
    return [name for name in PACKAGES if not (directory / name / MARKER).is_file()]


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "npm is not on PATH: it is needed to fetch Solara's front-end packages from the "
            "npm registry (Debian: apt-get install -y npm)"
        )
    return npm


def _npm_pack(specs: list[str], dest: Path) -> list[dict]:
    """``npm pack`` every spec into ``dest`` in one npm call; returns npm's JSON records."""
    cmd = [_npm(), "pack", *specs, "--pack-destination", str(dest), "--json", "--loglevel=error"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=dest)
    if proc.returncode != 0:
        raise RuntimeError(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr}")
    records = json.loads(proc.stdout)
    if len(records) != len(specs):
        raise RuntimeError(f"npm pack returned {len(records)} tarballs for {len(specs)} specs")
    return records


def _unpack(tarball: Path, target: Path) -> None:
    """Unpack the tarball's single top folder (``package/``) as ``target``."""
    target.mkdir(parents=True)
    with tarfile.open(tarball) as tar:
        members = []
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if len(parts) < 2 or not (member.isfile() or member.isdir()):
                continue
            member.name = str(Path(*parts[1:]))  # drop "package/" (or whatever it is named)
            members.append(member)
        tar.extractall(target, members=members, filter="data")


def ensure_assets(verbose: bool = True) -> Path:
    """Fetch the packages that are missing from :func:`asset_dir`; return the folder.

    Each package is unpacked into a temporary folder beside its final place and renamed into
    place only when complete, so a crash or a concurrent run never leaves half a package.
    """
    directory = asset_dir()
    directory.mkdir(parents=True, exist_ok=True)
    missing = _missing(directory)
    if not missing:
        if verbose:
            print(f"solara assets: all {len(PACKAGES)} packages present in {directory}")
        return directory

    started = time.monotonic()
    specs = [PACKAGES[name] for name in missing]
    if verbose:
        print(f"solara assets: fetching {len(specs)} npm packages: {' '.join(specs)}", flush=True)
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=directory) as tmp:
        tmp_path = Path(tmp)
        records = _npm_pack(specs, tmp_path)
        for name, spec, record in zip(missing, specs, records, strict=True):
            staging = tmp_path / "unpacked" / name
            _unpack(tmp_path / record["filename"], staging)
            for folder, new, source in EXTRA_FILES:
                if folder == name and not (staging / new).exists():
                    shutil.copyfile(staging / source, staging / new)
            info = {"spec": spec, "name": record["name"], "version": record["version"]}
            info["integrity"] = record.get("integrity")
            (staging / MARKER).write_text(json.dumps(info, indent=1) + "\n")

            final = directory / name
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():  # incomplete leftover (no marker), e.g. written by solara itself
                if (final / MARKER).is_file():
                    continue  # another process finished it meanwhile
                shutil.rmtree(final)
            try:
                os.rename(staging, final)
            except OSError:
                if not (final / MARKER).is_file():
                    raise
    if verbose:
        took = time.monotonic() - started
        print(f"solara assets: {len(specs)} packages ready in {directory} ({took:.1f} s)")
    return directory


def solara_env(offline: bool = True) -> dict[str, str]:
    """Environment variables for a ``solara run`` process that serves the local assets.

    With ``offline`` (the default) Solara's fallback CDN is a closed loopback port, so an
    asset missing from the folder is a visible 404 rather than a request off the machine;
    telemetry is off either way.
    """
    env = {
        "SOLARA_ASSETS_PROXY": "True",
        "SOLARA_ASSETS_PROXY_CACHE_DIR": str(asset_dir()),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        # no "This website runs on Solara" badge: it covered the page's content and stayed
        # English on the Dutch page (issue 10)
        "SOLARA_THEME_SHOW_BANNER": "False",
    }
    if offline:
        env["SOLARA_ASSETS_CDN"] = DEAD_CDN
    return env


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quiet = "-q" in argv or "--quiet" in argv
    directory = ensure_assets(verbose=not quiet)
    print(directory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
