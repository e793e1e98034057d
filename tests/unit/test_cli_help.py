"""`journey --help` and every sub-command's help read as a manual: every command and
every option and argument says what it is, every command shows examples (which parse), and
the top-level help names the exit codes."""

from __future__ import annotations

import argparse
import shlex

import pytest

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


SHELL = {"|", "||", "&&", "&", ";", ">"}  # what ends a command in an example


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (commands,) = (a for a in parser._actions if isinstance(a, COMMANDS))
    return dict(commands.choices)


def _examples(epilog: str) -> list[list[str]]:
    """The `journey ...` command lines of an epilog's examples: continuation lines joined,
    comments, redirections and the other commands of a pipeline left out."""
    text = epilog.partition("examples:")[2].replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)  # drops # comments
        lexer.whitespace_split = True
        words: list[str] = []
        for token in [*lexer, ";"]:
            if token not in SHELL:
                words.append(token)
                continue
            while words and "=" in words[0]:  # VARIABLE=value before the command
                words.pop(0)
            if words[:1] == ["journey"]:  # not a pipe's other command, nor a file after >
                found.append(words[1:])
            words = []
    return found


def test_every_command_shows_examples_that_parse() -> None:
    parser = _parser()
    commands = _commands(parser)
    missing = [name for name, sub in commands.items() if "examples:" not in (sub.epilog or "")]
    assert missing == []
    examples = [line for sub in commands.values() for line in _examples(sub.epilog or "")]
    assert len(examples) > 2 * len(commands)
    for words in examples:
        try:
            parser.parse_args(words)
        except SystemExit:  # argparse's way of refusing
            pytest.fail(f"the example `journey {shlex.join(words)}` does not parse")


def test_the_examples_keep_their_line_breaks() -> None:
    help_text = _commands(_parser())["retention"].format_help()
    assert "\n  journey retention due\n  journey retention propose" in help_text
