"""Help pages that read like any well-kept command line.

Typer decorates arguments by version (`{FILE}` in the usage line, `FILE <path>` in the list)
and options without a metavar by their Python type (`<int>`, in some versions `<bool>` on a
flag). `PlainHelp` shows an argument by its metavar alone (`FILE`, `[CLIENT]` when optional);
every option that takes a value names it with a metavar in `breachflow.cli`, and a flag shows
none. A test reads every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typer.core import TyperCommand

if TYPE_CHECKING:  # typer vendors click (0.29: `typer._click`); only its types are named here
    from typer._click import Context, HelpFormatter, Parameter

__all__ = ["PlainHelp"]


def _shown(param: Parameter) -> str:
    return param.metavar or (param.name or "").upper()


class PlainHelp(TyperCommand):
    """A leaf command's help: `Usage: breachflow assess [OPTIONS] FILE`, plain names."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        params = self.get_params(ctx)
        pieces = (
            [self.options_metavar] if any(p.param_type_name == "option" for p in params) else []
        )
        for param in params:
            if param.param_type_name == "argument":
                name = _shown(param)
                pieces.append(name if param.required else f"[{name}]")
        return [piece for piece in pieces if piece]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                arguments.append((_shown(param), getattr(param, "help", None) or ""))
            elif (record := param.get_help_record(ctx)) is not None:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
