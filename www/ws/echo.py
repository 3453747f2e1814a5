#!/usr/bin/python3
"""A WebSocket echo that speaks the protocol itself, as a CGI script for a prefix with
upgrade: true (or lighttpd's cgi.upgrade = "enable"): it answers the handshake with
Status: 101, then reads frames from standard input and writes its answers to standard
output. Text and binary messages come back as they were sent; a ping gets its pong;
a close is answered and ends the script."""

import base64
import hashlib
import os
import struct
import sys

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

stdin = sys.stdin.buffer
stdout = sys.stdout.buffer


def refuse(status, text):
    stdout.write(("Status: %s\r\nContent-Type: text/plain\r\n\r\n%s\n" % (status, text)).encode())
    sys.exit(0)


def read_exactly(count):
    data = stdin.read(count)
    if data is None or len(data) < count:
        sys.exit(0)  # the client is gone
    return data


def send(opcode, payload):
    head = bytes([0x80 | opcode])
    if len(payload) < 126:
        head += bytes([len(payload)])
    elif len(payload) < 65536:
        head += bytes([126]) + struct.pack("!H", len(payload))
    else:
        head += bytes([127]) + struct.pack("!Q", len(payload))
    stdout.write(head + payload)
    stdout.flush()


key = os.environ.get("HTTP_SEC_WEBSOCKET_KEY")
if os.environ.get("HTTP_UPGRADE", "").lower() != "websocket" or not key:
    refuse("426 Upgrade Required", "This is a WebSocket endpoint.")
accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
stdout.write(("Status: 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Accept: %s\r\n\r\n" % accept).encode())
stdout.flush()

message = b""
while True:
    first, second = read_exactly(2)
    opcode, masked, length = first & 0x0F, second & 0x80, second & 0x7F
    if length == 126:
        length = struct.unpack("!H", read_exactly(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", read_exactly(8))[0]
    mask = read_exactly(4) if masked else b"\0\0\0\0"
    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(read_exactly(length)))
    if opcode == 0x8:
        send(0x8, payload[:2])
        sys.exit(0)
    elif opcode == 0x9:
        send(0xA, payload)
    elif opcode in (0x0, 0x1, 0x2):
        if opcode != 0x0:
            kind = opcode
        message += payload
        if first & 0x80:
            send(kind, message)
            message = b""
