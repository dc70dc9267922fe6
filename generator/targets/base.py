"""What every target is: the `Target` record the registry (`generator/targets/__init__.py`) holds."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..formatted import FormattedOutput, PreviousOutput
from ..ir.api import Api
from ..progress import Progress


@dataclass(frozen=True)
class Target:
    """What turns the IR into one kind of output."""

    name: str
    template_folder: (
        str  # under the checkout's templates/ (or the installed sdkgen_templates)
    )
    # (the IR, the package name, what earlier stages found) -> (the view, what lowering found)
    lower: Callable[
        [Api, str | None, Sequence[Diagnostic]], tuple[Any, list[Diagnostic]]
    ]
    filters: dict[str, Callable[..., Any]]
    # (rendered files, what the previous output can spare, progress) -> the files, formatted
    format: Callable[[dict[str, str], PreviousOutput, Progress], FormattedOutput]
    # the view `lower` made -> the target's names, for the drift report (generator/diff/)
    names: Callable[[Any], Any] | None = None
    # (the view, the version the manifest records) -> the view at that version, unless the
    # document's own version is newer (`generate --bump-version`: generator/diff/versioning.py)
    with_version: Callable[[Any, str], Any] | None = None
    # one line for `sdkgen targets`
    description: str = ""
    # the SDK targets whose calls this target's output shows (the docs show Python and
    # TypeScript calls): `lower` then also takes, as keyword `packages`, their package names as
    # the run configures them (target name -> name, None for the target's default)
    shows: tuple[str, ...] = ()

    def lower_api(
        self,
        api: Api,
        package: str | None,
        earlier: Sequence[Diagnostic],
        packages: Mapping[str, str] | None = None,
    ) -> tuple[Any, list[Diagnostic]]:
        """`lower`, given the shown targets' packages if this target shows any."""
        if not self.shows:
            return self.lower(api, package, earlier)
        given = packages or {}
        shown = {name: given.get(name) for name in self.shows}
        return self.lower(api, package, earlier, packages=shown)  # type: ignore[call-arg]

    def templates(self) -> Path:
        """The built-in template set: this checkout's, or the installed copy."""
        checkout = (
            Path(__file__).resolve().parents[2] / "templates" / self.template_folder
        )
        if checkout.is_dir():
            return checkout
        return Path(str(resources.files("sdkgen_templates") / self.template_folder))
