"""A Push3 STLS session with Python's ssl module: a TLS client nobody on Push3 wrote.

Usage: stls_client.py PORT CAFILE HOST USER PASSWORD
Prints each reply line, and the TLS version after the handshake.
"""
import socket
import ssl
import sys


def line(sock):
    """One reply line, read byte by byte so that nothing after it is taken from the socket."""
    data = b""
    while not data.endswith(b"\r\n"):
        b = sock.recv(1)
        if not b:
            raise EOFError("connection closed after %r" % data)
        data += b
    return data[:-2].decode("ascii")


port, cafile, host, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
plain = socket.create_connection(("127.0.0.1", port), timeout=10)
plain.sendall(b"CAPA\r\n")
print(line(plain))
plain.sendall(b"STLS\r\n")
print(line(plain))
context = ssl.create_default_context(cafile=cafile)
context.minimum_version = ssl.TLSVersion.TLSv1_2
secure = context.wrap_socket(plain, server_hostname=host)
print(secure.version())
for request in ("CAPA", "LOGIN %s %s" % (user, password), "METRICS", "QUIT"):
    secure.sendall(request.encode("utf-8") + b"\r\n")
    print(line(secure))
