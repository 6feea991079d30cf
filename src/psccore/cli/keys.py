"""``psc keys``: the encryption keys of sensitive data (kept outside the database)."""

from __future__ import annotations

from pathlib import Path

import click

from psccore.cli.base import PscGroup, T, state
from psccore.cli.catalog import about


def keys_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("要配慮情報の暗号鍵", "encryption keys"))
    def keys() -> None:
        pass

    @keys.command(help=T("新しい鍵ファイルを作ります（所有者だけが読めます）",
                         "make a new key file (readable by its owner only)"))
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                  help=T("作成するファイル（既定: PSC_KEY_FILE、なければ ~/.config/psccore/psc.keys）",
                         "file to make (default: PSC_KEY_FILE, else "
                         "~/.config/psccore/psc.keys)"))
    def new(output: Path | None) -> None:
        import os

        from psccore.crypto import default_key_file, write_new_key_file

        # the file every other command will read: PSC_KEY_FILE when it is set
        named = os.environ.get("PSC_KEY_FILE")
        target = output or (Path(named) if named else default_key_file())
        if target.exists():
            raise click.UsageError(T(f"{target} はすでにあります", f"{target} exists already"))
        key_id = write_new_key_file(target)
        click.echo(T(f"鍵 {key_id} を作成しました: {target}", f"Made key {key_id}: {target}"))

    @keys.command(help=T(
        "鍵ファイルに新しい鍵を加え、すべての要配慮情報をその鍵で暗号化し直します",
        "add a new key to the key file and re-encrypt every sensitive value with it"))
    def rotate() -> None:
        from psccore.crypto import add_key, key_file

        psc = state().psc()
        path = key_file()
        if path is None:
            raise click.UsageError(T("PSC_KEY_FILE の鍵ファイルが必要です",
                                     "a key file (PSC_KEY_FILE) is needed"))
        psc.rotate_keys(check_only=True)  # may this staff member, and can all be read?
        key_id = add_key(path)
        count = psc.rotate_keys()
        click.echo(T(f"鍵 {key_id} で {count} 件を暗号化し直しました。",
                     f"Re-encrypted {count} values with key {key_id}."))
        click.echo(T(  # the kept copy lacks the new key; older backups need the old ones
            f"鍵ファイル {path} が変わりました。別に保管しているコピーをこのファイルで置き換えて"
            "ください。古い鍵の行は、これより前のバックアップを戻すのに必要なので消さないでください。",
            f"The key file {path} changed: replace the copy you keep elsewhere with it. Keep "
            "the old key lines: restoring a backup made before now needs them."))

    return keys
