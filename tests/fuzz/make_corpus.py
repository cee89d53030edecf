#!/usr/bin/env python3
"""Rebuilds tests/fuzz/corpus/ from the real Slack fixtures (tests/fixtures/slack, public SDK payloads),
tests/data, config/ and a few hand-written inputs. Run from anywhere; it replaces only the seed files
it writes (named seed-*), so reproducers added by hand (crash-*) stay. Each file is kept under 64 KB."""

import glob
import json
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "tests", "fixtures", "slack")
CORPUS = os.path.join(HERE, "corpus")
LIMIT = 64 * 1024


def out(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    if len(data) > LIMIT:
        raise SystemExit(f"{target}/{name}: {len(data)} bytes, over 64 KB")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def fixture(path):
    with open(os.path.join(FIX, path), "rb") as f:
        return f.read()


def clean():
    for f in glob.glob(os.path.join(CORPUS, "*", "seed-*")):
        os.remove(f)


def envelope():
    for path in sorted(glob.glob(os.path.join(FIX, "socket_mode", "**", "*.json"), recursive=True)):
        rel = os.path.relpath(path, FIX)
        data = fixture(rel)
        if len(data) > LIMIT:  # the modal's 60 KB of blocks, which the bot never reads, are dropped
            frame = json.loads(data)
            frame.get("payload", {}).get("view", {}).pop("blocks", None)
            data = json.dumps(frame, separators=(",", ":"), ensure_ascii=False).encode()
        out("envelope", rel.replace("/", "_"), data)
    for path in sorted(glob.glob(os.path.join(FIX, "interactive", "**", "*.json"), recursive=True)
                       + glob.glob(os.path.join(FIX, "events", "**", "*.json"), recursive=True)):
        rel = os.path.relpath(path, FIX)
        data = fixture(rel)
        out("envelope", rel.replace("/", "_"), data)
        # The same payload inside its Socket Mode envelope.
        payload = json.loads(data)
        kind = "events_api" if rel.startswith("events") else (
            "slash_commands" if "SlashCommand" in rel else "interactive")
        if kind == "events_api" and "event" not in payload:
            payload = {"type": "event_callback", "event_id": "Ev0FUZZ", "team_id": "T9TK3CUKW", "event": payload}
        env = {"envelope_id": "e0-" + os.path.basename(rel), "type": kind, "payload": payload,
               "accepts_response_payload": kind != "events_api", "retry_attempt": 0, "retry_reason": ""}
        out("envelope", "wrapped_" + rel.replace("/", "_"), json.dumps(env, separators=(",", ":")))
    hand = {
        "view_submission_envelope.json": {
            "envelope_id": "e1", "type": "interactive", "accepts_response_payload": True,
            "payload": {"type": "view_submission", "team": {"id": "T9TK3CUKW"}, "user": {"id": "U0SAMP0001", "team_id": "T9TK3CUKW"},
                        "api_app_id": "A0KRD7HC3", "token": "secret",
                        "view": {"id": "V1", "callback_id": "tracker.add", "private_metadata": "42",
                                 "state": {"values": {
                                     "name": {"a": {"type": "plain_text_input", "value": "Jamie Flores"}},
                                     "warmth": {"b": {"type": "static_select", "selected_option": {"value": "warm"}}},
                                     "due": {"c": {"type": "datepicker", "selected_date": "2026-12-01"}},
                                     "who": {"d": {"type": "multi_users_select", "selected_options": [{"value": "U1"}, {"value": "U2"}]}}}}}}},
        "home_opened_envelope.json": {
            "envelope_id": "e2", "type": "events_api", "retry_attempt": 1, "retry_reason": "timeout",
            "payload": {"type": "event_callback", "event_id": "Ev1", "team_id": "T9TK3CUKW", "api_app_id": "A0KRD7HC3",
                        "authorizations": [{"team_id": "T9TK3CUKW", "enterprise_id": None}],
                        "event": {"type": "app_home_opened", "user": "U0SAMP0001", "channel": "D1", "tab": "home"}}},
        "foreign_enterprise.json": {
            "envelope_id": "e3", "type": "slash_commands",
            "payload": {"user_id": "U1", "team_id": "T0OTHER", "enterprise": {"id": "E0OTHER"}, "api_app_id": "A0OTHER",
                        "command": "/network", "text": "help", "response_url": "https://hooks.slack.com/commands/T/1/x",
                        "trigger_id": "t"}},
        "bot_message.json": {
            "envelope_id": "e4", "type": "events_api",
            "payload": {"event_id": "Ev2", "event": {"type": "message", "bot_id": "B0BOT", "text": "hi", "user": "U0BOT"}}},
        "unknown_with_id.json": {"envelope_id": "e5", "type": "something_new", "payload": {}},
        "disconnect_refresh.json": {"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "x"}},
        "hello_big_numbers.json": {"type": "hello", "num_connections": 99999999999, "debug_info": {"approximate_connection_time": -1}},
    }
    for name, value in hand.items():
        out("envelope", name, json.dumps(value, separators=(",", ":")))
    out("envelope", "deep_nesting.json", '{"type":"interactive","envelope_id":"e6","payload":' + "[" * 3000 + "]" * 3000 + "}")
    out("envelope", "response_urls.json", json.dumps({"envelope_id": "e7", "type": "slash_commands", "payload": {
        "user_id": "U1", "command": "/network", "text": "", "response_url": "https://[::1]:8443/a?b=c#d"}}))
    out("envelope", "not_json.txt", "{\"type\":\"hello\"")
    out("envelope", "invalid_utf8.json", b'{"type":"slash_commands","envelope_id":"e8","payload":{"user_id":"U1","text":"\xff\xfe"}}')


def web_api():
    # byte 0: method index (methods() order is bot/slack/web_api.cpp's table), byte 1: status choice
    # (0 = 200, 4 = 429, 5 = 500), Retry-After line, body.
    methods = re.findall(r'\{"([a-z]+\.[A-Za-z.]+)",', open(os.path.join(ROOT, "bot", "slack", "web_api.cpp")).read())
    index = {m: i for i, m in enumerate(methods)}
    for path in sorted(glob.glob(os.path.join(FIX, "api", "**", "*.json"), recursive=True)):
        rel = os.path.relpath(path, FIX)
        base = os.path.basename(rel)
        method = re.sub(r"\.(success|error)\w*$", "", base[:-5]) if "docs_examples" in rel else base[:-5]
        i = index.get(method, 0)
        out("web_api", rel.replace("/", "_"), bytes([i, 0]) + b"\n" + fixture(rel))
    out("web_api", "ratelimited_429", bytes([index.get("chat.postMessage", 0), 4]) + b"17\n" + fixture("api/errors/ratelimited_429_body.json"))
    out("web_api", "ratelimited_ok_false", bytes([0, 0]) + b"abc\n" + b'{"ok":false,"error":"ratelimited"}')
    out("web_api", "server_error", bytes([0, 5]) + b"\n" + b"<html>502</html>")
    out("web_api", "error_not_string", bytes([0, 0]) + b"\n" + b'{"ok":false,"error":{"code":1}}')
    out("web_api", "user_odd_types", bytes([index.get("users.info", 0), 0]) + b"\n" +
        b'{"ok":true,"user":{"profile":{"display_name":7,"real_name":null},"real_name":["x"],"tz":"Etc/../../etc/passwd","deleted":"yes"}}')
    out("web_api", "user_newcomer", bytes([index.get("users.info", 0), 0]) + b"\n" +
        '{"ok":true,"user":{"id":"U0NEWCOMER","profile":{"display_name":"  Zoë  "},"tz":"Europe/Berlin","deleted":false}}'.encode())
    out("web_api", "open_channel_odd", bytes([index.get("conversations.open", 0), 0]) + b"\n" + b'{"ok":true,"channel":{"id":12}}')
    out("web_api", "paginate", bytes([index.get("users.list", 0), 0]) + b"\n" +
        b'{"ok":true,"members":[{"id":"U1"}],"response_metadata":{"next_cursor":"dXNlcjpVMDYxTkZUVDI="}}')


def router_command():
    # byte 0: user (0 = a student with contacts, 6 = a mentor, 8 = staff, 9 = a newcomer); byte 1 = 0xFF:
    # the text as is. Every example the features document, for a student, an alum and staff.
    examples = set()
    for path in glob.glob(os.path.join(ROOT, "bot", "features", "*.cpp")):
        for m in re.findall(r'"/network ([^"<]+)"', open(path).read()):
            examples.add(m.strip())
    examples = sorted(e for e in examples if e)
    for i, e in enumerate(examples):
        out("router_command", f"{i:03d}_student", bytes([0, 0xFF]) + e.encode())
    for i, e in enumerate(e for e in examples if e.startswith(("admin", "help questions"))):
        out("router_command", f"{i:03d}_staff", bytes([8, 0xFF]) + e.encode())
    for i, e in enumerate(e for e in examples if e.startswith(("available", "capacity", "profile"))):
        out("router_command", f"{i:03d}_mentor", bytes([6, 0xFF]) + e.encode())
    out("router_command", "newcomer_help", bytes([9, 0xFF]) + b"help")
    out("router_command", "empty", bytes([0, 0xFF]))
    out("router_command", "unicode", bytes([0, 0xFF]) + "add warm Zoë Ñúñez at Café «Ü» 🚀".encode())
    out("router_command", "invalid_utf8", bytes([0, 0xFF]) + b"log \xff\xfe met \xc3")
    out("router_command", "mention", bytes([0, 0xFF]) + b"draft <@U0SAMP0006|ana> <!channel>")


def router_interaction():
    # byte 0: user, byte 1: 0 button / 1 submission, then as router_interaction_fuzz.cpp reads them.
    def button(user, action_index, value, channel=1, view=0):
        return bytes([user, 0, channel, action_index]) + value.encode() + b"\n" + bytes([view])

    def submit(user, callback_index, metadata, values):
        data = bytes([user, 1, callback_index]) + metadata.encode() + b"\n"
        for block_index, value in values:
            data += bytes([block_index]) + value.encode() + b"\n"
        return data
    actions = ["home.add", "admin.mentors.confirm", "buddy.accept", "buddy.decline", "intro.start", "intro.accept",
               "intro.decline", "intro.stop", "match.more", "outreach.edit", "profile.edit_button", "questions.show",
               "reflect.open", "tracker.advance", "tracker.note", "tracker.takeaway", "tracker.more"]
    for i, a in enumerate(actions):
        for value in ["1", "U0SAMP0006"]:
            out("router_interaction", f"button_{a}_{value or 'empty'}", button(0, i, value))
    out("router_interaction", "button_staff_confirm", button(8, 1, "2108"))
    blocks = ["company", "email", "linkedin", "list", "message", "name", "note", "role", "text", "warmth", "why",
              "pronouns", "background", "interests", "target_companies", "time_zone", "program", "module", "cohort",
              "learned", "next_steps", "confidence", "status", "display_name", "takeaway", "title", "stage"]
    b = {n: i for i, n in enumerate(blocks)}
    out("router_interaction", "submit_tracker_add", submit(0, 4, "", [(b["name"], "Jamie Flores"), (b["company"], "Acme"),
                                                                      (b["warmth"], "warm"), (b["list"], "new"), (b["why"], "met at a meetup")]))
    out("router_interaction", "submit_tracker_note", submit(0, 5, "1", [(b["note"], "coffee went well"), (b["text"], "coffee")]))
    out("router_interaction", "submit_tracker_takeaway", submit(0, 6, "2", [(b["text"], "ask about code review"), (b["takeaway"], "x")]))
    out("router_interaction", "submit_profile", submit(0, 2, "", [(b["pronouns"], "she/her"), (b["background"], "teaching"),
                                                                  (b["interests"], "ruby, sql"), (b["target_companies"], "Acme, Redfin Labs"),
                                                                  (b["time_zone"], "America/Denver"), (b["program"], "BE"),
                                                                  (b["module"], "3"), (b["cohort"], "2108")]))
    out("router_interaction", "submit_reflection", submit(0, 3, "2026-11-20", [(b["learned"], "a lot"), (b["next_steps"], "more"),
                                                                               (b["confidence"], "4"), (b["status"], "on_track")]))
    out("router_interaction", "submit_outreach", submit(0, 1, "", [(b["message"], "Hi Ana, I'm Maya, a Turing student…")]))
    out("router_interaction", "submit_intro_note", submit(0, 0, "U0SAMP0006", [(b["message"], "Would love 20 minutes")]))
    out("router_interaction", "submit_unknown", bytes([0, 1, 0xFF]) + b"nobody.knows\n\n")


def csv_targets():
    sample = os.path.join(ROOT, "config", "sample")
    people = open(os.path.join(sample, "people.csv"), "rb").read()
    contacts = open(os.path.join(sample, "contacts.csv"), "rb").read()
    for name, data in [("people.csv", people), ("contacts.csv", contacts)]:
        out("csv", name, data)
    out("csv", "quotes.csv", b'\xef\xbb\xbfa,"b ""c""",d\r\n"multi\nline", x ,\r\n\r\n"",,\n')
    out("csv", "bad_quote.csv", b'a,b"c\n"open')
    out("csv", "after_quote.csv", b'"a"b,c\n')
    out("csv", "cr_only.csv", b"a,b\rc,d\r")
    for flags in (0, 1, 3):
        out("people_import", f"sample_people_{flags}.csv", bytes([flags]) + people)
    out("people_import", "partial.csv", b"\x01slack_id,email,company\nU0KIM0001,KIM@example.org,Acme\n")
    out("people_import", "by_email.csv", b"\x00email,display_name,roles,mentor\nkim@example.org,Kim Ng,mentor;alum,U0SAMP0007\n")
    out("people_import", "bad_rows.csv", b"\x00slack_id,roles,module,program,open_to_chats,snoozed_until\nU1,wizard,9,XX,maybe,2026-02-30\n")
    out("people_import", "dup_columns.csv", b"\x00slack_id,slack_id,unknwn\nU1,U1,x\n")
    out("people_import", "mentor_cycle.csv", b"\x00slack_id,roles,mentor\nU1,mentor,U2\nU2,mentor,U1\nU3,student,U3\n")
    for flags in (0, 1, 2, 4):
        out("contacts_import", f"sample_contacts_{flags}.csv", bytes([flags]) + contacts)
    out("contacts_import", "spreadsheet.csv", b"\x02\xef\xbb\xbfName,Company,Warm/Cold,How you know them,Notes,Tab\r\n"
        b'Alex Kim,Acme,Warm,"Met at the Denver Ruby meetup, Oct","Likes ""Practical OOD""",dormant ties\r\n'
        b"Bo Sun,,cold,Writes the blog I read,,New contacts\r\n")
    out("contacts_import", "bad_history.csv", b"\x00owner,name,warmth,history,next_due,stage\n"
        b'U0SAMP0001,X,warm,"2026-13-01T00:00:00Z met\nnope",2026-02-30,weird\n')
    out("contacts_import", "history_cell", b"\x80" + b"2026-11-09T15:00:00Z messaged: Asked \\\\ for\\n a chat\n2026-11-20T17:30:00Z met\n")
    out("contacts_import", "history_bad", b"\x80" + b"2026-11-09T15:00:00Z\n2026-11-09T15:00:00Z dance: x")


def config():
    out("config", "example.toml", open(os.path.join(ROOT, "config", "networkbot.example.toml"), "rb").read())
    out("config", "sample.toml", open(os.path.join(ROOT, "config", "sample", "networkbot.toml"), "rb").read())
    for name in ("bad.toml", "syntax_error.toml"):
        out("config", name, open(os.path.join(ROOT, "tests", "data", name), "rb").read())
    out("config", "empty.toml", b"")
    out("config", "types.toml", b'[mix_it_up]\nmin_group_size = 9223372036854775807\nmax_group_size = -1\nseconds = inf\n'
        b'[reflection]\nday = "Funday"\ntime = "25:61"\nskip = [2026-02-30, "x"]\n[outbox.per_minute]\n"chat.postMessage" = nan\n')
    out("config", "deep.toml", b"a = " + b"[" * 2000 + b"]" * 2000 + b"\n")
    out("config", "goals.toml", b'[goals.quotas.2]\nI = 4\nII = 4\nIII = 1\n[goals.quotas.99]\nI = -5\n[workspace]\ntime_zone = "Mars/Olympus"\n')


def mdgp():
    d = os.path.join(ROOT, "tests", "data", "mdgp")
    for path in sorted(glob.glob(os.path.join(d, "*.txt"))):
        data = open(path, "rb").read()
        if len(data) <= LIMIT:
            out("mdgp", os.path.basename(path), data)
        else:  # the header and the first pairs: a valid prefix that stops early
            out("mdgp", "prefix_" + os.path.basename(path), data[: LIMIT - 1024].rsplit(b"\n", 1)[0] + b"\n")
    out("mdgp", "tiny.txt", b"3 1 ss 3 3\n0 1 1.5\n0 2 2\n1 2 -0.5\n")
    out("mdgp", "ds.txt", b"4 2 ds 1 3 1 3\n\n0 1 1\n0 2 2\n0 3 3\n1 2 4\n1 3 5\n2 3 6\n")
    out("mdgp", "twice.txt", b"3 1 ss 3 3\n0 1 1\n0 1 1\n")
    out("mdgp", "too_big.txt", b"5001 1 ss 1 5001\n")
    out("mdgp", "bad_numbers.txt", b"3 1 ss 3 3\n0 1 nan\n")


if __name__ == "__main__":
    clean()
    envelope()
    web_api()
    router_command()
    router_interaction()
    csv_targets()
    config()
    mdgp()
    for target in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, target))
        print(f"{target}: {len(files)} files")
