"""`journey --help` and every sub-command's help read as a manual: every command and
every option and argument says what it is, and the top-level help names the exit codes."""

from __future__ import annotations

import argparse

from adapters.cli.main import _parser

# argparse keeps no public list of a parser's actions, nor public action classes
QUIET = (argparse._HelpAction, argparse._VersionAction)
COMMANDS = argparse._SubParsersAction


def _undescribed(parser: argparse.ArgumentParser, path: str) -> list[str]:
    missing = []
    for action in parser._actions:
        if isinstance(action, COMMANDS):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if not helps.get(name):
                    missing.append(f"{path} {name}")
                missing += _undescribed(sub, f"{path} {name}")
        elif not isinstance(action, QUIET) and not action.help:
            missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_command_option_and_argument_has_help() -> None:
    assert _undescribed(_parser(), "journey") == []


def test_the_help_names_the_exit_codes() -> None:
    text = _parser().format_help()
    assert "exit codes: 0 done; 1 a failure" in text
    assert "2 a usage or configuration error" in text
