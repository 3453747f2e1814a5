#!/usr/bin/env python3
"""Slow-header clients against a server on loopback, while another client measures latency.

Opens COUNT connections that each send part of a request header, then one byte every
--trickle seconds, and never finish it (the "slowloris" pattern). Meanwhile a probe
client sends complete GET requests on fresh connections and records how long each
answer takes. Prints, once a second: slow connections open / closed by the server,
probe latency, and the server's RSS when --pid is given. Stops when every slow
connection has been closed by the server, or after --duration seconds.

Standard library only; loopback addresses only.

    python3 bench/slow-clients.py --port 8080 --count 5000 --pid "$(pgrep -f cgiserver.jar)"
"""

import argparse
import ipaddress
import resource
import selectors
import socket
import statistics
import sys
import multiprocessing
import time

PARTIAL_HEADER = b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Slow: "


def rss_mb(pid):
	try:
		with open(f"/proc/{pid}/status") as status:
			for line in status:
				if line.startswith("VmRSS:"):
					return int(line.split()[1]) / 1024
	except OSError:
		return None
	return None


def probe_once(host, port, path):
	start = time.monotonic()
	with socket.create_connection((host, port), timeout=10) as sock:
		sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
		answer = b""
		while b"\r\n" not in answer:
			chunk = sock.recv(4096)
			if not chunk:
				break
			answer += chunk
	if not answer.startswith(b"HTTP/1.1 200"):
		raise OSError(f"unexpected answer {answer[:40]!r}")
	return (time.monotonic() - start) * 1000


def probe(host, port, path, interval, results, stop):
	"""Runs in a process of its own, so that the slow clients' loop does not delay it."""
	while not stop.is_set():
		try:
			results.send(probe_once(host, port, path))
		except OSError:
			results.send(None)
		stop.wait(interval)


def collect(receiver, latencies):
	"""Takes the probe's answers so far: latencies in ms, None for a failed probe. Returns the failures."""
	failures = 0
	while receiver.poll():
		latency = receiver.recv()
		if latency is None:
			failures += 1
		else:
			latencies.append(latency)
	return failures


def main():
	parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
	parser.add_argument("--host", default="127.0.0.1")
	parser.add_argument("--port", type=int, default=8080)
	parser.add_argument("--count", type=int, default=5000, help="slow connections (at most 20000)")
	parser.add_argument("--trickle", type=float, default=5.0, help="seconds between two bytes of a slow client")
	parser.add_argument("--duration", type=float, default=120.0, help="upper bound of the run in seconds")
	parser.add_argument("--probe-path", default="/readyz")
	parser.add_argument("--probe-interval", type=float, default=0.2)
	parser.add_argument("--pid", type=int, help="the server's process id, to report its RSS")
	args = parser.parse_args()
	if not ipaddress.ip_address(socket.gethostbyname(args.host)).is_loopback:
		sys.exit("loopback addresses only")
	count = min(args.count, 20000)
	duration = min(args.duration, 600.0)
	soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
	if soft < count + 100:
		resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 100), hard))

	receiver, sender = multiprocessing.Pipe(duplex=False)
	stop = multiprocessing.Event()
	prober = multiprocessing.Process(target=probe,
			args=(args.host, args.port, args.probe_path, args.probe_interval, sender, stop), daemon=True)
	prober.start()
	latencies, failures = [], 0
	selector = selectors.DefaultSelector()
	opened = {}  # socket -> time opened
	closed_after = []  # seconds from opening to the server's close
	refused = 0
	to_open = count
	start = time.monotonic()
	opening_done = None
	peak_rss = 0.0
	next_trickle = start + args.trickle
	next_report = start
	reported = 0
	while (opened or to_open) and time.monotonic() - start < duration:
		# Open connections in batches, watching the open ones in between.
		for _ in range(min(to_open, 50)):
			to_open -= 1
			try:
				sock = socket.create_connection((args.host, args.port), timeout=5)
				sock.sendall(PARTIAL_HEADER)
				sock.setblocking(False)
				selector.register(sock, selectors.EVENT_READ)
				opened[sock] = time.monotonic()
			except OSError:
				refused += 1
		if to_open == 0 and opening_done is None:
			opening_done = time.monotonic()
			print(f"opened {count - refused} slow connections in {opening_done - start:.1f} s, "
					f"{refused} failed to open", flush=True)
		for key, _ in selector.select(timeout=0 if to_open else 0.1):
			sock = key.fileobj
			try:
				sock.recv(4096)
			except OSError:
				pass
			# An answer (such as 408), end of stream or a reset: either way the server gave up on it.
			closed_after.append(time.monotonic() - opened.pop(sock))
			selector.unregister(sock)
			sock.close()
		failures += collect(receiver, latencies)
		now = time.monotonic()
		if now >= next_trickle:
			for sock in list(opened):
				try:
					sock.send(b"x")
				except OSError:
					pass
			next_trickle = now + args.trickle
		if now >= next_report:
			rss = rss_mb(args.pid) if args.pid else None
			peak_rss = max(peak_rss, rss or 0.0)
			recent = latencies[reported:]
			reported = len(latencies)
			latency = f"probe max {max(recent):.0f} ms over {len(recent)}" if recent else "probe: no answer"
			print(f"t={now - start:5.1f}s open={len(opened):5d} closed-by-server={len(closed_after):5d} "
					f"{latency} probe-failures={failures}" + (f" rss={rss:.0f}MB" if rss else ""), flush=True)
			next_report = now + 1.0
	stop.set()
	prober.join()
	failures += collect(receiver, latencies)
	for sock in opened:
		sock.close()
	latencies = sorted(latencies)
	print("--- summary")
	print(f"slow connections: {count} asked, {count - refused} opened, {len(closed_after)} closed by the server, "
			f"{len(opened)} still open at the end")
	if closed_after:
		print(f"closed after: min {min(closed_after):.1f} s, median {statistics.median(closed_after):.1f} s, "
				f"max {max(closed_after):.1f} s")
	if latencies:
		p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
		print(f"probe: {len(latencies)} answers, median {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms, "
				f"max {latencies[-1]:.1f} ms, {failures} failures")
	if args.pid:
		print(f"server peak RSS while sampled: {peak_rss:.0f} MB")
	return 0 if not opened and failures == 0 else 1


if __name__ == "__main__":
	sys.exit(main())
