"""``psc readiness order …``: work orders, the work done on them, delivery and acceptance."""

from __future__ import annotations

from typing import Any

import click

from psc_readiness import orders as work_orders
from psc_readiness.figures import OrderProgress
from psc_readiness.lookups import CODE, get_order
from psccore.cli.kit import (
    CASE,
    T,
    current_psc,
    echo_ok,
    emit_json,
    group,
    json_option,
    parse_on,
    record,
    table,
)


def order_group() -> click.Group:
    @group(name="order", help=T("受注作業（地域の事業所から）", "work orders from local businesses"))
    def order() -> None:
        pass

    @order.command(name="add", help=T("受注を登録します", "take an order"))
    @click.option("--client", "client_id", type=int, required=True,
                  help=T("発注元の事業所番号（psc employer list）", "client employer id"))
    @click.option("--task", required=True, help=T("作業内容", "task"))
    @click.option("--activity", required=True, help=T("作業プログラム（例: flyer_folding）",
                                                     "work program (e.g. flyer_folding)"))
    @click.option("--quantity", type=int, required=True,
                  help=T("数量", "quantity"))
    @click.option("--unit", default="個", show_default=True,
                  help=T("単位", "unit"))
    @click.option("--unit-price", required=True, help=T("単価（円、小数可）", "unit price (yen)"))
    @click.option("--received", "received_on", required=True, help=T("受注日", "received on"))
    @click.option("--due", "due_on", required=True, help=T("納期", "due on"))
    @click.option("--staff", metavar="LOGIN", help=T("担当職員", "staff in charge"))
    @json_option
    def add(as_json: bool, **options: Any) -> None:
        added = work_orders.add_order(current_psc(), {k: v for k, v in options.items()
                                                  if v is not None})
        if as_json:
            emit_json(added)
            return
        echo_ok(T(f"受注 {added.id} を登録しました: {added.client_name} {added.task} "
                  f"{added.quantity}{added.unit}（納期 {added.due_on}）",
                  f"Took order {added.id}: {added.client_name}, {added.task}, "
                  f"{added.quantity} {added.unit} (due {added.due_on})"))

    @order.command(name="list", help=T("受注の一覧と進み具合", "orders and how far along they are"))
    @click.option("--open", "open_only", is_flag=True, help=T("未納品だけ", "only undelivered"))
    @click.option("--today", help=T("基準日（既定: 今日）", "as of (default: today)"))
    @json_option
    def list_(open_only: bool, today: str | None, as_json: bool) -> None:
        day = parse_on(today) or current_psc().today()
        with current_psc().program_read(CODE) as conn:
            found = work_orders.progress(conn, work_orders.orders(conn, open_only=open_only), day)
        if as_json:
            emit_json([_progress_json(p) for p in found])
            return
        table([T("番号", "id"), T("発注元", "client"), T("作業", "task"), T("進み", "done"),
               T("納期", "due"), T("状況", "state")],
              [(p.order.id, p.order.client_name, p.order.task,
                f"{p.done}/{p.order.to_make}{p.order.unit}", p.order.due_on.isoformat(),
                state_of(p)) for p in found])

    @order.command(name="show", help=T("受注の詳細と作業の記録", "an order and the work done on it"))
    @click.argument("order_id", type=int)
    @click.option("--today", help=T("基準日（既定: 今日）", "as of (default: today)"))
    @json_option
    def show(order_id: int, today: str | None, as_json: bool) -> None:
        day = parse_on(today) or current_psc().today()
        with current_psc().program_read(CODE) as conn:
            found = work_orders.progress(conn, [get_order(conn, order_id)], day)[0]
            lines = work_orders.work_lines(conn, order_id)
        if as_json:
            emit_json({**_progress_json(found), "work": lines})
            return
        o = found.order
        record([(T("受注", "order"), o.id), (T("発注元", "client"), o.client_name),
                (T("作業", "task"), o.task),
                (T("作業プログラム", "work program"), o.activity.label),
                (T("数量", "quantity"), f"{o.quantity}{o.unit}"),
                (T("単価", "unit price"), f"{o.unit_price}円"),
                (T("金額", "amount"), f"{o.amount:,.0f}円"),
                (T("受注日", "received"), o.received_on), (T("納期", "due"), o.due_on),
                (T("進み", "done"), f"{found.done}/{o.to_make}{o.unit}"),
                (T("手直し", "rework"), o.rework or None),
                (T("見込み", "expected finish"), found.projected_finish),
                (T("状況", "state"), state_of(found)),
                (T("納品日", "delivered"), o.delivered_on),
                (T("検収", "acceptance"), o.acceptance.label if o.acceptance else None),
                (T("検収の記録", "acceptance note"), o.acceptance_note)])
        click.echo()
        table([T("日付", "date"), T("数量", "quantity"), T("セッション", "session"),
               T("作業した人", "by"), T("記録", "note")],
              [(ln.work.done_on.isoformat(), ln.work.quantity, ln.work.session_id,
                ln.name or T("職員", "staff"), ln.work.note) for ln in lines])

    @order.command(name="work", help=T("作業した数量を記録します", "record work done on an order"))
    @click.argument("order_id", type=int)
    @click.argument("quantity", type=int)
    @click.option("--session", "session_id", type=int, help=T("作業したセッション", "at this session"))
    @click.option("--case", "case_id", type=CASE, metavar="CASE", help=T("作業した人のケース", "by this case's participant"))
    @click.option("--on", help=T("作業日（セッションがなければ。既定: 今日）", "done on (default: today)"))
    @click.option("--note",
                  help=T("メモ", "note"))
    def work(order_id: int, quantity: int, session_id: int | None, case_id: int | None,
             on: str | None, note: str | None) -> None:
        found = work_orders.record_work(current_psc(), order_id, quantity, on=parse_on(on),
                                    session_id=session_id, case_id=case_id, note=note)
        echo_ok(T(f"受注 {order_id}: {found.done}/{found.order.to_make}{found.order.unit}（{state_of(found)}）",
                  f"Order {order_id}: {found.done}/{found.order.to_make} {found.order.unit} "
                  f"({state_of(found)})"))

    @order.command(name="deliver", help=T("納品を記録します", "record delivery to the client"))
    @click.argument("order_id", type=int)
    @click.option("--on", help=T("納品日（既定: 今日）", "delivered on (default: today)"))
    @click.option("--short", is_flag=True, help=T("数量に満たないまま納品する", "deliver less than ordered"))
    def deliver(order_id: int, on: str | None, short: bool) -> None:
        done = work_orders.deliver(current_psc(), order_id, parse_on(on), short=short)
        late = done.delivered_on and done.delivered_on > done.due_on
        echo_ok(T(f"受注 {order_id} を納品しました（{'納期遅れ' if late else '納期内'}）",
                  f"Delivered order {order_id} ({'late' if late else 'on time'})"))

    @order.command(name="accept", help=T("発注元の検収（または手直し依頼）を記録します",
                                         "record the client's acceptance (or a return for rework)"))
    @click.argument("order_id", type=int)
    @click.option("--on", help=T("検収日（既定: 今日）", "on (default: today)"))
    @click.option("--returned", is_flag=True, help=T("手直しを求められた", "returned for rework"))
    @click.option("--redo", type=click.IntRange(1), help=T(
        "手直しする数量（既定: 全数）", "how many to make again (default: all)"))
    @click.option("--note",
                  help=T("メモ", "note"))
    def accept(order_id: int, on: str | None, returned: bool, redo: int | None,
               note: str | None) -> None:
        done = work_orders.accept(current_psc(), order_id, parse_on(on), returned=returned,
                              redo=redo, note=note)
        echo_ok(T(f"受注 {order_id}: {done.acceptance.label.ja if done.acceptance else ''}",
                  f"Order {order_id}: {done.acceptance.label.en if done.acceptance else ''}"))

    return order


def state_of(found: OrderProgress) -> str:
    if found.order.acceptance is not None and found.order.delivered_on is not None:
        return found.order.acceptance.label.text()
    if found.delivered:
        return T("納品済み（検収待ち）", "delivered, awaiting acceptance")
    if found.late:
        return T("納期遅れ", "LATE")
    if found.at_risk:
        return T("遅れのおそれ", "at risk")
    return T("順調", "on track")


def _progress_json(found: OrderProgress) -> dict[str, Any]:
    return {"order": found.order, "done": found.done, "remaining": found.remaining,
            "late": found.late, "at_risk": found.at_risk,
            "projected_finish": found.projected_finish, "amount": str(found.order.amount)}
