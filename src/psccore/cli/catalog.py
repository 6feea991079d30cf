"""The built-in commands: where each is built, and its one-line summary.

``psc --help`` reads the summaries here, so it imports no command module.
"""

from __future__ import annotations

from psccore.cli.base import T

# name -> ("module:factory", Japanese summary, English summary)
BUILTIN: dict[str, tuple[str, str, str]] = {
    "init": ("psccore.cli.setup:init_command",
             "データベースを作成・更新し、最初の管理者を登録します",
             "create or update the database and register the first administrator"),
    "db": ("psccore.cli.setup:db_group", "データベースのスキーマ管理", "database schema"),
    "programs": ("psccore.cli.setup:programs_command",
                 "登録されている事業（プラグイン）の一覧", "list the registered programs (plugins)"),
    "demo": ("psccore.cli.demo:demo_command",
             "架空のデモデータを空のデータベースに読み込みます",
             "load invented demo data into an empty database"),
    "staff": ("psccore.cli.staff:staff_group", "職員と権限", "staff members and their roles"),
    "person": ("psccore.cli.people:person_group", "相談者の登録・表示・検索", "people supported"),
    "case": ("psccore.cli.cases:case_group", "ケースの受付・表示・一覧", "cases"),
    "assess": ("psccore.cli.workflow:assess_command", "アセスメントを記録します",
               "record an assessment"),
    "plan": ("psccore.cli.workflow:plan_group", "プランの作成・再プラン・表示",
             "draft, re-plan and show plans"),
    "meeting": ("psccore.cli.workflow:meeting_group", "支援調整会議の記録",
                "coordination meetings"),
    "step": ("psccore.cli.workflow:step_group", "プランのステップの開始・終了",
             "start and end plan steps"),
    "record": ("psccore.cli.workflow:record_group", "支援経過記録", "support records"),
    "evaluate": ("psccore.cli.workflow:evaluate_command", "プランを目標ごとに評価します",
                 "evaluate a plan goal by goal"),
    "agenda": ("psccore.cli.workflow:agenda_command", "期日の近い予定・期限切れの一覧",
               "what is due or late"),
    "employer": ("psccore.cli.employment:employer_group", "事業所の登録・開拓・訪問",
                 "employers: registration, development, visits"),
    "opening": ("psccore.cli.employment:opening_group", "求人の登録と一覧", "job openings"),
    "prefs": ("psccore.cli.employment:prefs_group", "相談者の希望条件", "a person's job preferences"),
    "match": ("psccore.cli.employment:match_group", "求人と相談者のマッチング",
              "matching people and openings"),
    "consent": ("psccore.cli.employment:consent_group", "情報提供への同意", "consents"),
    "introduce": ("psccore.cli.employment:introduce_command", "事業所への紹介票を作成します",
                  "make an introduction sheet for an employer"),
    "internship": ("psccore.cli.employment:internship_group", "職業体験実習", "internships"),
    "training": ("psccore.cli.employment:training_group", "認定就労訓練", "certified training"),
    "employment": ("psccore.cli.employment:employment_group", "就労決定と定着支援",
                   "employment and retention"),
    "report": ("psccore.cli.reports:report_group", "実績の集計（年度・月、国の統計）",
               "reports (fiscal year or month, national statistics)"),
    "jobcard": ("psccore.cli.jobcard:jobcard_group", "ジョブ・カードの作成",
                "JOB cards (the national career document)"),
    "office": ("psccore.cli.setup:office_group", "事業所の情報（人口など）",
               "the office (its population …)"),
    "import": ("psccore.cli.bulk:import_group", "相談者・事業所・求人の一括登録（CSV・Excel）",
               "bulk import of people, employers and openings (CSV, Excel)"),
    "plugin": ("psccore.cli.setup:plugin_group", "新しい事業のプラグインを作ります",
               "make a plugin for a new program"),
    "keys": ("psccore.cli.keys:keys_group", "要配慮情報の暗号鍵", "encryption keys"),
    "audit": ("psccore.cli.audit:audit_group", "監査記録", "audit trail"),
}


def about(name: str, more_ja: str = "", more_en: str = "") -> str:
    """A command's help: its summary, then more detail if given."""
    _, ja, en = BUILTIN[name]
    return T(f"{ja}。\n\n{more_ja}" if more_ja else ja, f"{en}.\n\n{more_en}" if more_en else en)
