#!/usr/bin/env python3
"""Adds or updates Dutch entries in a resx file: scripts/resx.py FILE 'English=Nederlands' ...
or with --json FILE.json holding {"English": "Nederlands"}. Creates the file when it is missing; keeps entries sorted."""
import json, sys, os
from xml.sax.saxutils import escape
import xml.etree.ElementTree as ET

HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''

def load(path):
    if not os.path.exists(path):
        return {}
    root = ET.parse(path).getroot()
    return {d.get('name'): (d.find('value').text or '') for d in root.findall('data')}

def save(path, entries):
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(HEADER)
        for k in sorted(entries):
            f.write('  <data name="%s" xml:space="preserve"><value>%s</value></data>\n' % (escape(k, {'"': '&quot;'}), escape(entries[k])))
        f.write('</root>\n')

def main(argv):
    path, rest = argv[0], argv[1:]
    entries = load(path)
    if rest[:1] == ['--json']:
        entries.update(json.load(open(rest[1], encoding='utf-8')))
    else:
        for pair in rest:
            k, v = pair.split('=', 1)
            entries[k] = v
    save(path, entries)

if __name__ == '__main__':
    main(sys.argv[1:])
