#!/usr/bin/env python3
"""Sign-ins while an attacker floods POST /reset with made-up tokens (bench/reset_flood.sh).

Usage: reset_flood.py PORT SECONDS ROUNDS. Each round measures RESIDENTS residents signing in
over and over (GET /login, then POST /login with the CSRF cookie and token, as a browser does)
for SECONDS, once alone and once while ATTACKERS threads post made-up reset tokens as fast as
they are answered. The attacker runs in processes of its own at the lowest CPU priority: it stands
for machines elsewhere, so it must neither hold the residents' interpreter lock nor take their
CPU, only the server's. The attacker moves to the next source address (127.0.0.2 onwards, all of
127/8 is loopback) whenever one is told to wait (429), as someone with many addresses would.
The two runs take turns, the quiet one first in odd rounds. Prints one line per run and, last,
the medians and their ratio. Only a 303 that sets a session counts as a sign-in; its time is
the POST's alone.
"""
import http.client
import multiprocessing
import os
import re
import statistics
import sys
import threading
import time

RESIDENTS = 4
ATTACKERS = 4
PASSWORD = "bench-reset-correct-horse-7"
TOKEN_RE = re.compile(r'name="csrf" value="([^"]+)"')
COOKIE_RE = re.compile(r"csrf=([^;]+)")


def form_and_cookie(conn, path):
    conn.request("GET", path)
    res = conn.getresponse()
    body = res.read().decode()
    cookie = COOKIE_RE.search(res.getheader("Set-Cookie") or "")
    token = TOKEN_RE.search(body)
    if not cookie or not token:
        raise RuntimeError(f"{path}: no CSRF token ({res.status})")
    return cookie.group(1), token.group(1)


def post(conn, path, cookie, form):
    conn.request("POST", path, body=form, headers={
        "Cookie": "csrf=" + cookie, "Content-Type": "application/x-www-form-urlencoded"})
    res = conn.getresponse()
    res.read()
    return res


def resident(port, stop, times, answers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        cookie, token = form_and_cookie(conn, "/login")
        started = time.monotonic()
        res = post(conn, "/login", cookie,
                   f"csrf={token}&email=bench%40example.lt&password={PASSWORD}")
        elapsed = time.monotonic() - started
        if res.status == 303 and (res.getheader("Set-Cookie") or "").startswith("session="):
            times.append(elapsed)
        else:
            answers[res.status] = answers.get(res.status, 0) + 1


def attacker(port, stop, index, addresses, results):
    os.nice(19)
    answers = {}
    n = 0
    while not stop.is_set():
        with addresses.get_lock():
            addresses.value += 1
            host = addresses.value
        source = f"127.0.{host // 250}.{host % 250 + 2}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                          source_address=(source, 0))
        cookie, token = form_and_cookie(conn, "/reset?token=x")
        while not stop.is_set():
            n += 1
            made_up = f"{index:02d}{n:041d}"
            res = post(conn, "/reset", cookie,
                       f"csrf={token}&token={made_up}&password={PASSWORD}")
            answers[res.status] = answers.get(res.status, 0) + 1
            if res.status == 429:
                break
        conn.close()
    results.put(answers)


def run(port, seconds, attack, addresses):
    stop = threading.Event()
    times, resident_answers, attack_answers = [], {}, {}
    threads = [threading.Thread(target=resident, args=(port, stop, times, resident_answers))
               for _ in range(RESIDENTS)]
    attack_stop = multiprocessing.Event()
    results = multiprocessing.Queue()
    attackers = [multiprocessing.Process(target=attacker,
                                         args=(port, attack_stop, i, addresses, results))
                 for i in range(ATTACKERS if attack else 0)]
    for p in attackers:
        p.start()
    for t in threads:
        t.start()
    time.sleep(seconds)  # the measuring window itself, not a wait for a condition
    stop.set()
    attack_stop.set()
    for t in threads:
        t.join()
    for _ in attackers:
        for status, count in results.get().items():
            attack_answers[status] = attack_answers.get(status, 0) + count
    for p in attackers:
        p.join()
    rate = len(times) / seconds
    p99 = statistics.quantiles(times, n=100)[98] * 1000 if len(times) >= 2 else float("nan")
    return rate, p99, resident_answers, attack_answers


def main():
    port, seconds, rounds = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    addresses = multiprocessing.Value("i", 0)
    figures = {False: [], True: []}
    for r in range(1, rounds + 1):
        for attack in ((False, True) if r % 2 else (True, False)):
            rate, p99, others, attacks = run(port, seconds, attack, addresses)
            figures[attack].append((rate, p99))
            label = "with attacker" if attack else "no attacker  "
            line = f"reset_flood: round {r}, {label}: {rate:.1f} sign-ins/s, p99 {p99:.0f} ms"
            if others:
                line += f"; sign-in failures {dict(sorted(others.items()))}"
            if attack:
                line += (f"; attacker's answers {dict(sorted(attacks.items()))} "
                         f"({sum(attacks.values()) / seconds:.0f} resets/s)")
            print(line, flush=True)
    quiet_rate = statistics.median(f[0] for f in figures[False])
    quiet_p99 = statistics.median(f[1] for f in figures[False])
    attack_rate = statistics.median(f[0] for f in figures[True])
    attack_p99 = statistics.median(f[1] for f in figures[True])
    print(f"reset_flood: median no attacker: {quiet_rate:.1f} sign-ins/s, p99 {quiet_p99:.0f} ms")
    print(f"reset_flood: median with attacker: {attack_rate:.1f} sign-ins/s, "
          f"p99 {attack_p99:.0f} ms")
    ratio = attack_rate / quiet_rate if quiet_rate > 0 else float("nan")
    p99_ratio = attack_p99 / quiet_p99 if quiet_p99 > 0 else float("nan")
    print(f"reset_flood: ratio with/without attacker: sign-ins/s {ratio:.2f}, p99 {p99_ratio:.2f} "
          f"(goal: 1.00 and 1.00, the flood costing sign-in nothing)")


if __name__ == "__main__":
    main()
