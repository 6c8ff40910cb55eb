"""The contribution files around the code: GitHub forms, workflows, templates, hooks.

They are read by GitHub and pre-commit, never by our own code, so nothing else would
notice when one breaks or drifts from the format: a form choice that no longer exists
in the vocabulary, a workflow calling an `smg` option that was renamed.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from generator.cli.commands import main
from generator.format import models, vocab

ROOT = Path(__file__).parents[2]
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
    asked = {name for name, info in models.CaseStudy.model_fields.items()
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

# `uses: owner/repo@<full commit hash>  # vX.Y.Z`: a tag can be moved to other code, a
# commit hash cannot; the comment says which release the hash is.
PINNED_USES_RE = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+){0,2}")
USES_LINE_RE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<value>.*?)\s*$")
# What a job may ask of the token; `write` only where the site is published.
PUBLISH_PERMISSIONS = {"pages": "write", "id-token": "write"}
DEPLOY_ACTION = "actions/deploy-pages"


def uses_lines(path: Path) -> list[str]:
    """The text after `uses:` on each line of a workflow, comment included."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = USES_LINE_RE.match(line)
        if match:
            found.append(match["value"])
    return found


def check_pinned(value: str) -> None:
    assert PINNED_USES_RE.fullmatch(value), \
        f"`uses: {value}` is not pinned to a full commit hash with its version in a comment"


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def action(step: dict[str, Any]) -> str:
    return step.get("uses", "").split("@")[0]


def runs(workflow: dict[str, Any]) -> list[str]:
    return [" ".join(step["run"].split()) for job in workflow["jobs"].values()
            for step in steps_of(job) if "run" in step]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=rel)
def test_workflow_structure(path: Path):
    workflow = load(path)
    assert isinstance(workflow.get("name"), str)
    assert triggers(workflow), f"{rel(path)}: no `on`"
    jobs = workflow.get("jobs")
    assert isinstance(jobs, dict) and jobs, f"{rel(path)}: no jobs"
    for job_id, job in jobs.items():
        assert "runs-on" in job, f"{rel(path)}: job {job_id} has no runs-on"
        steps = steps_of(job)
        assert isinstance(steps, list) and steps, f"{rel(path)}: job {job_id} has no steps"
        for step in steps:
            assert ("uses" in step) != ("run" in step), f"{rel(path)}: {step} needs uses or run"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=rel)
def test_actions_are_pinned_by_commit_hash(path: Path):
    values = uses_lines(path)
    parsed = [step["uses"] for job in load(path)["jobs"].values() for step in steps_of(job) if "uses" in step]
    assert len(values) == len(parsed), f"{rel(path)}: a `uses:` line was not recognised"
    versions: dict[str, str] = {}
    for value in values:
        check_pinned(value)
        reference, _, version = value.partition("#")
        # The same commit always carries the same version comment.
        assert versions.setdefault(reference.strip(), version.strip()) == version.strip(), value


def test_pin_check_catches_mistakes():
    for wrong in ("actions/checkout@v4", "actions/checkout@v4.2.2", "actions/checkout@main",
                  "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af68",  # 39 digits
                  "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",  # no version comment
                  "actions/checkout@11BD71901BBE5B1630CEEA73D27597364C9AF683  # v4.2.2"):
        with pytest.raises(AssertionError):
            check_pinned(wrong)
    check_pinned("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2")
    assert USES_LINE_RE.match("      - uses: a/b@c  # v1")["value"] == "a/b@c  # v1"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=rel)
def test_least_privilege_per_job(path: Path):
    workflow = load(path)
    # Nothing granted to the whole workflow: each job asks for what it needs.
    assert workflow.get("permissions") in ({}, {"contents": "read"}), \
        f"{rel(path)}: top-level permissions must be {{}} or contents: read"
    for job_id, job in workflow["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{rel(path)}: job {job_id} declares no permissions"
        deploys = any(action(step) == DEPLOY_ACTION for step in steps_of(job))
        for scope, level in permissions.items():
            if level == "write":
                assert deploys and PUBLISH_PERMISSIONS.get(scope) == "write", \
                    f"{rel(path)}: job {job_id} may not have {scope}: write"
            else:
                assert level in ("read", "none"), f"{rel(path)}: job {job_id}: {scope}: {level}"
        if deploys:
            # The job holding the deploy token never checks out nor runs contributors' content.
            assert all("run" not in step and action(step) != "actions/checkout" for step in steps_of(job)), \
                f"{rel(path)}: job {job_id} deploys, so it may not run code"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=rel)
def test_checkout_leaves_no_credentials(path: Path):
    checkouts = [step for job in load(path)["jobs"].values() for step in steps_of(job)
                 if action(step) == "actions/checkout"]
    assert checkouts, f"{rel(path)}: no checkout"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, \
            f"{rel(path)}: checkout without persist-credentials: false"


def readme_setup_commands() -> list[str]:
    """The lines of README.md's first code block (the set-up commands .ci/run runs)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("```", 2)[1].split("\n", 1)[1].strip().splitlines()


def test_pull_request_workflow():
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert "pull_request" in triggers(workflow)
    assert "pull_request_target" not in triggers(workflow)  # it would hand secrets to forks
    steps = [step for job in workflow["jobs"].values() for step in steps_of(job)]
    commands = runs(workflow)
    uses = [action(step) for step in steps]
    assert "actions/checkout" in uses
    # Set up as README.md's test command does: a virtualenv in .venv/ with the test extra.
    install = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'"
    assert install in commands
    assert any(line.startswith(install + " && ") for line in readme_setup_commands())
    assert ".venv/bin/smg validate --format github" in commands
    assert any(run.startswith(".venv/bin/zizmor --offline") and ".github/workflows" in run for run in commands)
    apt = next(run for run in commands if "apt-get install" in run)
    assert {"chromium", "default-jre-headless"} <= set(apt.split())
    assert any(run.startswith("CI=true .venv/bin/python -m pytest") for run in commands)
    assert ".venv/bin/smg build" in commands
    uploads = {step["with"]["path"].rstrip("/") for step in steps if action(step) == "actions/upload-artifact"}
    # The built site for preview, and the pages' screenshots (tests/browser/test_screenshots.py).
    assert uploads == {"site", "test-artifacts/screenshots"}


# --- code and content ----------------------------------------------------------------------

def code_paths() -> list[str]:
    """The paths of .github/CODEOWNERS, as the pull-request check reads them."""
    lines = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    return [line.split()[0].lstrip("/") for line in lines if line.strip() and not line.startswith("#")]


def test_codeowners_names_the_site_code_and_no_content():
    paths = code_paths()
    assert {"generator/", "docs/javascripts/", "docs/stylesheets/", "mkdocs.yml", ".github/",
            "pyproject.toml"} <= set(paths)
    assert all((ROOT / path).exists() for path in paths), [p for p in paths if not (ROOT / p).exists()]
    content = ["casestudies/rennes.md", "curricula/lire-les-chiffres.md", "docs/a-propos.md", "docs/assets/logo.svg"]
    assert not [c for c in content if any(c.startswith(path) for path in paths)]
    owners = {line.split()[1] for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    assert len(owners) == 1 and owners.pop().startswith("@")


def _commit(repo: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    identity = ["-c", "user.name=essai", "-c", "user.email=essai@exemple.org"]
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", *identity, "commit", "-q", "-m", message], cwd=repo, check=True)


def test_pull_request_check_marks_each_code_file(tmp_path: Path):
    repo = tmp_path / "depot"
    (repo / ".github").mkdir(parents=True)
    for name in ("CODEOWNERS", "code-changes.sh"):
        shutil.copy(GITHUB / name, repo / ".github" / name)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    _commit(repo, {"casestudies/rennes.md": "a"}, "base")
    _commit(repo, {"casestudies/rennes.md": "b", "docs/javascripts/smg.js": "x", "generator/a:b,c.py": "y",
                   "docs/assets/carte.svg": "<svg/>"}, "proposition")
    summary = tmp_path / "resume.md"
    result = subprocess.run(["sh", ".github/code-changes.sh", "HEAD^1", "HEAD"], cwd=repo, capture_output=True,
                            text=True, env=os.environ | {"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning ")]
    assert [w.split(",title=")[0] for w in warnings] == ["::warning file=docs/javascripts/smg.js",
                                                         "::warning file=generator/a%3Ab%2Cc.py"]
    assert "`docs/javascripts/smg.js`" in summary.read_text(encoding="utf-8")
    assert "rennes" not in summary.read_text(encoding="utf-8")
    _commit(repo, {"casestudies/nantes.md": "c"}, "contenu seul")
    result = subprocess.run(["sh", ".github/code-changes.sh", "HEAD^1", "HEAD"], cwd=repo, capture_output=True,
                            text=True)
    assert "::warning" not in result.stdout and "proposition de contenu" in result.stdout


def test_pull_request_runs_the_code_check_on_its_own_changes():
    workflow = load(WORKFLOWS / "pull-request.yml")
    steps = [step for job in workflow["jobs"].values() for step in steps_of(job)]
    checkout = next(step for step in steps if action(step) == "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 2
    assert "sh .github/code-changes.sh HEAD^1 HEAD" in runs(workflow)


def test_pull_request_compares_addresses_with_the_published_site():
    workflow = load(WORKFLOWS / "pull-request.yml")
    steps = [step for job in workflow["jobs"].values() for step in steps_of(job)]
    names = [step.get("run", "") for step in steps]
    build = next(i for i, run in enumerate(names) if run.strip() == ".venv/bin/smg build")
    check = next(i for i, run in enumerate(names) if "smg check-urls" in run)
    assert check > build
    script = names[check]
    # The published manifest, from the address the site is built for.
    assert "mkdocs.yml" in script and "site_url" in script and "/urls.json" in script
    assert "curl --fail" in script
    # Before the first deployment there is nothing to compare: a notice, not a failure.
    assert "::notice" in script and "exit 0" in script
    assert load(ROOT / "mkdocs.yml").get("site_url", "").startswith("https://")


def test_deploy_workflow():
    workflow = load(WORKFLOWS / "deploy.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert workflow["concurrency"]["cancel-in-progress"] is False
    # The published site carries the offline copy (its footer links to it).
    assert any(run == ".venv/bin/smg build --offline" for run in runs(workflow))
    jobs = workflow["jobs"]
    build_id, build_job = next((job_id, job) for job_id, job in jobs.items()
                               if any(action(s) == "actions/upload-pages-artifact" for s in steps_of(job)))
    upload = next(s for s in steps_of(build_job) if action(s) == "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert build_job["permissions"] == {"contents": "read"}
    deploy_job = next(job for job in jobs.values() if any(action(s) == DEPLOY_ACTION for s in steps_of(job)))
    assert deploy_job is not build_job
    assert deploy_job["needs"] in (build_id, [build_id])
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job["permissions"] == PUBLISH_PERMISSIONS
    uses = [action(s) for s in steps_of(deploy_job)]
    assert "actions/configure-pages" in uses


def test_deploy_runs_every_week():
    """The review list depends on the date: without a push, the site is rebuilt weekly."""
    schedule = triggers(load(WORKFLOWS / "deploy.yml"))["schedule"]
    assert len(schedule) == 1
    minute, hour, day, month, weekday = schedule[0]["cron"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month) == ("*", "*")
    assert weekday.isdigit() and 0 <= int(weekday) <= 6


# --- zizmor, the workflows' static analysis -------------------------------------------

def zizmor_findings(target: Path) -> list[dict[str, Any]]:
    """zizmor's findings on a workflow or a `.github/workflows` folder, offline (no token)."""
    executable = shutil.which("zizmor", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                              os.environ.get("PATH", "")]))
    if executable is None:
        if ci_is_set():
            pytest.fail("zizmor introuvable : pip install -e '.[test]'")
        pytest.skip("zizmor is not installed (pip install -e '.[test]')")
    result = subprocess.run([executable, "--offline", "--no-progress", "--format", "json", str(target)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 11, 12, 13, 14), result.stderr  # 1x: findings, by severity
    return json.loads(result.stdout)


def ci_is_set() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def test_zizmor_finds_nothing_in_the_workflows():
    findings = zizmor_findings(WORKFLOWS)
    assert findings == [], "\n".join(f"{f['ident']}: {f['desc']}" for f in findings)


def test_zizmor_check_catches_a_finding(tmp_path: Path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                   "    steps:\n      - uses: actions/checkout@v4\n", encoding="utf-8")
    idents = {finding["ident"] for finding in zizmor_findings(bad)}
    assert {"unpinned-uses", "artipacked"} <= idents


# --- every `smg` invocation is a real command with real options ----------------------

def smg_invocations(script: str) -> list[list[str]]:
    """`smg …` command lines of a shell script: the words after `smg`, up to an operator."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():  # a shell joins continued lines
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
    assert smg_invocations("x && .venv/bin/smg check-urls \\\n  a.json") == [["check-urls", "a.json"]]


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
