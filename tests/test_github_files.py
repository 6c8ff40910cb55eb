"""The contribution files around the code: GitHub forms, workflows, templates, hooks.

They are read by GitHub and pre-commit, never by our own code, so nothing else would
notice when one breaks or drifts from the format: a form choice that no longer exists
in the vocabulary, a workflow calling an `smg` option that was renamed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from generator import schema, vocab
from generator.cli import main

ROOT = Path(__file__).parent.parent
GITHUB = ROOT / ".github"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "proposer-etude-de-cas.yml"
ISSUE_CONFIG = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
WORKFLOWS = GITHUB / "workflows"
PR_TEMPLATE = GITHUB / "pull_request_template.md"
HOOKS_MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"

YAML_FILES = sorted([*GITHUB.rglob("*.yml"), *GITHUB.rglob("*.yaml"), HOOKS_MANIFEST, PRE_COMMIT_CONFIG])
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])

FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
FORM_ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")
# Front-matter fields the maintainers set themselves, not asked in the form.
NOT_ASKED = {"status", "last_reviewed"}
SHELL_OPERATORS = {"&&", "||", "|", ";", "&", "(", ")", ";;"}


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def form_items(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in form["body"] if "id" in item}


def triggers(workflow: dict[str, Any]) -> Any:
    # PyYAML follows YAML 1.1, where the bare key `on` reads as the boolean true.
    return workflow["on"] if "on" in workflow else workflow.get(True)


# --- every file parses ------------------------------------------------------------

def test_the_files_exist():
    for path in (ISSUE_FORM, ISSUE_CONFIG, PR_TEMPLATE, HOOKS_MANIFEST, PRE_COMMIT_CONFIG,
                 WORKFLOWS / "pull-request.yml", WORKFLOWS / "deploy.yml"):
        assert path.is_file(), f"{rel(path)} is missing"


@pytest.mark.parametrize("path", YAML_FILES, ids=rel)
def test_yaml_file_parses(path: Path):
    data = load(path)
    assert isinstance(data, (dict, list)) and data, f"{rel(path)} is empty or not a mapping/list"


# --- the issue form ---------------------------------------------------------------

def test_issue_form_has_github_form_structure():
    form = load(ISSUE_FORM)
    assert isinstance(form.get("name"), str) and form["name"].strip()
    assert isinstance(form.get("description"), str) and form["description"].strip()
    assert form["name"] == "Proposer une étude de cas"
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
    body = form.get("body")
    assert isinstance(body, list) and body
    ids, labels = [], []
    for index, item in enumerate(body):
        where = f"body[{index}]"
        assert item.get("type") in FORM_TYPES, f"{where}: type {item.get('type')!r}"
        attributes = item.get("attributes")
        assert isinstance(attributes, dict), f"{where}: attributes missing"
        if item["type"] == "markdown":
            assert isinstance(attributes.get("value"), str) and attributes["value"].strip(), where
            assert "id" not in item and "validations" not in item, f"{where}: markdown takes no id"
            continue
        assert FORM_ID_RE.fullmatch(str(item.get("id", ""))), f"{where}: id {item.get('id')!r}"
        ids.append(item["id"])
        assert isinstance(attributes.get("label"), str) and attributes["label"].strip(), where
        labels.append(attributes["label"])
        if item["type"] == "dropdown":
            options = attributes.get("options")
            assert isinstance(options, list) and options, f"{where}: no options"
            assert all(isinstance(o, str) and o.strip() for o in options), where
            assert len(set(options)) == len(options), f"{where}: duplicate options"
            assert "None" not in options, f"{where}: 'None' is reserved by GitHub"
        if item["type"] == "checkboxes":
            options = attributes.get("options")
            assert isinstance(options, list) and options, f"{where}: no options"
            assert all(set(o) <= {"label", "required"} and o.get("label") for o in options), where
            option_labels = [o["label"] for o in options]
            assert len(set(option_labels)) == len(option_labels), f"{where}: duplicate options"
            assert "validations" not in item, f"{where}: checkboxes take `required` per option"
        if "validations" in item:
            assert set(item["validations"]) <= {"required"}, where
            assert isinstance(item["validations"]["required"], bool), where
    assert len(ids) == len(set(ids)), f"duplicate ids: {ids}"
    assert len(labels) == len(set(labels)), f"duplicate labels: {labels}"


def test_issue_config_keeps_blank_issues():
    config = load(ISSUE_CONFIG)
    assert config["blank_issues_enabled"] is True
    for link in config.get("contact_links", []):
        assert set(link) == {"name", "url", "about"}
        assert link["url"].startswith("https://")


def test_issue_form_asks_every_field_contributors_write():
    items = form_items(load(ISSUE_FORM))
    asked = {name for name, info in schema.CaseStudy.model_fields.items()
             if info.is_required()} - NOT_ASKED
    assert asked <= set(items), f"fields missing from the form: {sorted(asked - set(items))}"
    for name in asked:
        item = items[name]
        if item["type"] != "checkboxes":  # GitHub cannot require "at least one" box
            assert item.get("validations", {}).get("required") is True, f"{name} must be required"
    assert items["sources"]["validations"]["required"] is True


def test_level_dropdown_matches_vocabulary():
    level = form_items(load(ISSUE_FORM))["level"]
    assert level["type"] == "dropdown"
    assert level["attributes"]["options"] == list(vocab.LEVELS.values())
    assert level["attributes"].get("multiple", False) is False


def test_platform_checkboxes_match_vocabulary():
    platforms = form_items(load(ISSUE_FORM))["platforms"]
    assert platforms["type"] == "checkboxes"
    labels = [option["label"] for option in platforms["attributes"]["options"]]
    assert labels == list(vocab.PLATFORMS.values())


def test_angle_checkboxes_match_vocabulary():
    angles = form_items(load(ISSUE_FORM))["angles"]
    assert angles["type"] == "checkboxes"
    labels = [option["label"] for option in angles["attributes"]["options"]]
    assert labels == [f"**{vocab.ANGLES[a]}** : {vocab.ANGLE_DESCRIPTIONS[a]}" for a in vocab.ANGLES]


def test_audience_asks_for_date_and_source():
    audience = form_items(load(ISSUE_FORM))["audience"]
    assert audience["type"] == "textarea"
    text = (audience["attributes"]["label"] + audience["attributes"]["description"]).lower()
    assert "date" in text and "source" in text


def test_consent_boxes_are_all_required():
    consent = form_items(load(ISSUE_FORM))["consent"]
    assert consent["type"] == "checkboxes"
    options = consent["attributes"]["options"]
    assert all(option.get("required") is True for option in options)
    text = " ".join(option["label"] for option in options).lower()
    for needed in ("source", "donnée personnelle", "capture d'écran"):
        assert needed in text, f"no consent box about {needed!r}"


# --- the workflows ----------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=rel)
def test_workflow_structure(path: Path):
    workflow = load(path)
    assert isinstance(workflow.get("name"), str)
    assert triggers(workflow), f"{rel(path)}: no `on`"
    jobs = workflow.get("jobs")
    assert isinstance(jobs, dict) and jobs, f"{rel(path)}: no jobs"
    for job_id, job in jobs.items():
        assert "runs-on" in job, f"{rel(path)}: job {job_id} has no runs-on"
        steps = job.get("steps")
        assert isinstance(steps, list) and steps, f"{rel(path)}: job {job_id} has no steps"
        for step in steps:
            assert ("uses" in step) != ("run" in step), f"{rel(path)}: {step} needs uses or run"
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), \
                    f"{rel(path)}: {step['uses']} is not pinned to a major version"


def test_pull_request_workflow():
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert "pull_request" in triggers(workflow)
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [" ".join(step["run"].split()) for step in steps if "run" in step]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert "actions/checkout" in uses
    assert any("pip install -e '.[test]'" in run for run in runs)
    assert any("smg validate --format github" in run for run in runs)
    assert any("apt-get install" in run and "chromium" in run for run in runs)
    assert any(run.startswith("CI=true python3 -m pytest") for run in runs)
    assert any(run == "smg build" for run in runs)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_deploy_workflow():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    permissions = workflow["permissions"]
    assert permissions["pages"] == "write" and permissions["id-token"] == "write"
    assert workflow["concurrency"]["cancel-in-progress"] is False
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses, f"{action} missing"
    assert any(step.get("run") == "smg build" for step in steps)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    deploy_job = next(job for job in workflow["jobs"].values()
                      if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"]))
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job.get("needs")


# --- every `smg` invocation is a real command with real options ----------------------

def smg_invocations(script: str) -> list[list[str]]:
    """`smg …` command lines of a shell script: the words after `smg`, up to an operator."""
    found = []
    for line in script.splitlines():
        line = line.split(" #")[0] if not line.lstrip().startswith("#") else ""
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
        for index, word in enumerate(words):
            if word == "smg" or word.endswith("/smg"):
                args = []
                for arg in words[index + 1:]:
                    if arg in SHELL_OPERATORS:
                        break
                    args.append(arg)
                found.append(args)
    return found


def invocations_in_files() -> list[tuple[str, list[str]]]:
    found = []
    for path in WORKFLOW_FILES:
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                for args in smg_invocations(step.get("run", "")):
                    found.append((rel(path), args))
    for path in (HOOKS_MANIFEST, PRE_COMMIT_CONFIG):
        data = load(path)
        hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
        for hook in hooks:
            for args in smg_invocations(hook["entry"]):
                found.append((rel(path), args + [str(a) for a in hook.get("args", [])]))
    return found


def check_invocation(args: list[str]) -> None:
    assert args, "`smg` without a command"
    name = args[0]
    assert name in main.commands, f"`smg {name}`: no such command (known: {sorted(main.commands)})"
    command = main.commands[name]
    options = {opt: param for param in command.params if isinstance(param, click.Option)
               for opt in (*param.opts, *param.secondary_opts)}
    options.update({"--help": None, "-h": None})
    for index, arg in enumerate(args[1:], start=1):
        if not arg.startswith("-") or arg == "-":
            continue
        option, _, inline = arg.partition("=")
        assert option in options, f"`smg {name} {option}`: no such option " \
                                  f"(known: {sorted(o for o in options if o.startswith('--'))})"
        param = options[option]
        if param is not None and isinstance(param.type, click.Choice):
            value = inline or (args[index + 1] if index + 1 < len(args) else "")
            assert value in param.type.choices, f"`smg {name} {option} {value}`: not a choice"


def test_smg_invocations_are_found():
    found = {tuple(args[:1]) for _, args in invocations_in_files()}
    assert {("validate",), ("build",)} <= found


@pytest.mark.parametrize("where, args", invocations_in_files(),
                         ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_smg_invocation_is_a_real_command(where: str, args: list[str]):
    check_invocation(args)


def test_invocation_check_catches_mistakes():
    with pytest.raises(AssertionError):
        check_invocation(["valdiate"])
    with pytest.raises(AssertionError):
        check_invocation(["validate", "--formt", "github"])
    with pytest.raises(AssertionError):
        check_invocation(["validate", "--format", "gitlab"])
    check_invocation(["validate", "--format=github", "--strict"])
    assert smg_invocations("smg validate --format github && smg build # smg nope") == [
        ["validate", "--format", "github"], ["build"]]


# --- pre-commit -------------------------------------------------------------------

def test_pre_commit_hook_manifest():
    hooks = load(HOOKS_MANIFEST)
    assert isinstance(hooks, list)
    hook = next(h for h in hooks if h["id"] == "smg-validate")
    assert hook["entry"] == "smg validate"
    assert hook["language"] == "python"
    assert hook["files"] == r"^casestudies/.*\.md$"
    assert hook.get("pass_filenames", True) is True
    files = re.compile(hook["files"])
    assert files.search("casestudies/rennes.md")
    for other in ("casestudies/comparaisons.yml", "docs/contribuer/index.md", "README.md"):
        assert not files.search(other), other


def test_pre_commit_config_uses_the_hook_locally():
    config = load(PRE_COMMIT_CONFIG)
    manifest = {h["id"]: h for h in load(HOOKS_MANIFEST)}
    local = [repo for repo in config["repos"] if repo["repo"] == "local"]
    assert local, "no `repo: local`"
    hook = next(h for repo in local for h in repo["hooks"] if h["id"] == "smg-validate")
    assert hook["pass_filenames"] is True
    for key in ("entry", "files", "name"):
        assert hook[key] == manifest["smg-validate"][key], f"{key} differs from .pre-commit-hooks.yaml"


# --- the pull-request template -------------------------------------------------------

PR_CHECKLIST = (
    "source",  # every fact has its cited source
    "chiffre est daté",
    "sourcé",
    "donnée personnelle",
    "captures d'écran",
    "smg validate",
    "last_reviewed",
)


def test_pull_request_template_has_the_checklist():
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) >= 6
    checklist = "\n".join(boxes).lower()
    for item in PR_CHECKLIST:
        assert item.lower() in checklist, f"checklist item about {item!r} missing"
    assert "chaque fait" in checklist and "`[^id]`" in checklist
