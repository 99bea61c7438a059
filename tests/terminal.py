#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and answers its prompts, as a person would.

    terminal.py [--eof] COMMAND [ARG...] -- ANSWER...

Standard input, output and error of COMMAND are the terminal.  Each time
the output ends with a prompt (": " after some text) and no more comes for
a moment, the next ANSWER is typed with a newline; after the last one,
--eof types Ctrl-D at the next prompt.  Prints what the terminal showed,
with CRLF as LF, then "exit N".  Gives up after 10 seconds of silence.
"""

import os
import pty
import select
import sys
import termios


def main():
    args = sys.argv[1:]
    eof = args[:1] == ["--eof"]
    if eof:
        args = args[1:]
    cut = args.index("--")
    cmd, answers = args[:cut], args[cut + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    attrs = termios.tcgetattr(fd)
    attrs[3] &= ~termios.ECHO  # the transcript shows answers once, as typed below
    termios.tcsetattr(fd, termios.TCSANOW, attrs)
    shown = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 10 if not shown.endswith(b": ") else 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
            continue
        if not shown.endswith(b": "):
            break  # silence without a prompt: give up
        if answers:
            answer = answers.pop(0).encode()
            shown += answer + b"\n"
            os.write(fd, answer + b"\n")
        elif eof:
            os.write(fd, b"\x04")
            eof = False
            shown += b"^D"
        else:
            break
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(shown.decode("utf-8", "replace").replace("\r\n", "\n"))
    print("exit %d" % os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
