#!/usr/bin/env python3
"""Regenerates the binary plist fixtures from the XML one (see README.md)."""
import plistlib

with open('darwin-managed.xml.plist', 'rb') as f:
    values = plistlib.load(f)
with open('darwin-managed.binary.plist', 'wb') as f:
    f.write(plistlib.dumps(values, fmt=plistlib.FMT_BINARY, sort_keys=True))

# An array holding a reference to itself: [<self>]. plistlib refuses to write cycles, so build
# one small file and point the array's only element back at object 0 (the array itself).
cyclic = bytearray(plistlib.dumps([True], fmt=plistlib.FMT_BINARY))
assert cyclic[8] == 0xA1 and cyclic[9] == 0x01, 'layout: array of one, element ref 1'
cyclic[9] = 0x00
with open('darwin-hostile.binary.plist', 'wb') as f:
    f.write(bytes(cyclic))
