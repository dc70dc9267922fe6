"""The code samples of a reference page: the operation called through each SDK.

Names are each SDK target's naming policy, not the docs target's: the Python sample takes its
method path, argument names and sample values from the Python target's own lowering
(`generator/targets/python/lower.py`), the TypeScript sample its method path, request members,
credential options and sample values from the TypeScript target's
(`generator/targets/typescript/lower.py`), so each is exactly what that SDK accepts. The package
names are the ones the run configures for those targets (`packages`). Neither SDK target knows
anything of this module.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...diagnostics import Diagnostic
from ...ir.api import Api
from ..python.lower import lower_sdk
from ..python.security import lower_credentials
from ..python.view import Operation as PythonOperation
from ..python.view import Sdk as PythonSdk
from ..typescript.lower import lower_sdk as lower_typescript
from ..typescript.view import Method as TypeScriptMethod
from ..typescript.view import Sdk as TypeScriptSdk
from .view import Usage

# The SDK targets whose calls the pages show: their package names come from the run's options.
SHOWN_TARGETS = ("python", "typescript")


@dataclass(frozen=True, slots=True)
class SdkCalls:
    """The SDKs' view of the API, for the samples."""

    python: PythonSdk
    typescript: TypeScriptSdk
    python_arguments: dict[str, tuple[str, ...]]  # credential arguments by scheme key
    typescript_methods: dict[str, TypeScriptMethod]  # by operationId
    typescript_options: dict[str, tuple[str, ...]]  # credential options by scheme key

    def call(self, operation_id: str) -> PythonOperation | None:
        """The Python method of an operation (its default one, when a body's media types make
        several)."""
        return next(
            (o for o in self.python.operations if o.operation_id.raw == operation_id),
            None,
        )

    def usages(self, operation_id: str) -> tuple[Usage, ...]:
        found = []
        method = self.typescript_methods.get(operation_id)
        if method is not None:
            found.append(Usage("typescript", "TypeScript", self._typescript(method)))
        call = self.call(operation_id)
        if call is not None:
            found.append(Usage("python", "Python", self._python(call)))
        return tuple(found)

    def _python(self, method: PythonOperation) -> str:
        construct = f"sdk = SDK({self.python.auth_example})"
        arguments = ", ".join(
            f"{a.name}={_plain(a.sample)}" for a in method.arguments if a.required
        )
        call = f"{method.result_capture}sdk.{method.call_path}({arguments})"
        show = f"\nprint({method.result_name})" if method.result_capture else ""
        return f"from {self.python.package} import SDK\n\n{construct}\n{call}{show}\n"

    def _typescript(self, method: TypeScriptMethod) -> str:
        credentials = "".join(
            f"  {c.option}: {json.dumps(c.placeholder)},\n"
            for c in self.typescript.example_credentials
        )
        construct = (
            f"const sdk = new SDK({{\n{credentials}}});\n\n"
            if credentials
            else "const sdk = new SDK();\n\n"
        )
        return (
            f"import {{ SDK }} from {json.dumps(self.typescript.package)};\n\n"
            f"{construct}"
            "async function run() {\n"
            f"{method.example}\n"
            "  console.log(result);\n"
            "}\n\n"
            "run();\n"
        )


def sdk_calls(
    api: Api, packages: Mapping[str, str | None], earlier: Sequence[Diagnostic]
) -> tuple[SdkCalls, list[Diagnostic]]:
    """The Python and TypeScript targets' lowerings of `api` with the packages the run gives
    them (their findings are the docs' too: the samples are their calls), and each scheme's
    Python constructor arguments."""
    python, diagnostics = lower_sdk(api, packages.get("python"), earlier)
    typescript, found = lower_typescript(api, packages.get("typescript"), earlier)
    credentials = lower_credentials(api, python.package, [])
    arguments = {
        s.key: tuple(o.param for o in credentials.options_for(s.key))
        for s in api.security_schemes
    }
    methods = {
        m.operation_id.raw: m
        for r in (typescript.root, *typescript.resources)
        for m in r.methods
    }
    options = {c.key.raw: (c.option,) for c in typescript.credentials}
    calls = SdkCalls(python, typescript, arguments, methods, options)
    return calls, [*diagnostics, *found]


def _plain(sample: str) -> str:
    """A sample argument without the `cast(Any, ...)` the Python target's tests wrap some in
    (a reader's call needs no cast, nor the imports it would take)."""
    prefix = "cast(Any, "
    if sample.startswith(prefix) and sample.endswith(")"):
        return sample[len(prefix) : -1]
    return sample
