#!/usr/bin/env python
"""Check changelog fragments against the antsibull-changelog conventions that its own lint cannot see.

    scripts/changelog_check.py        (make changelog, after antsibull-changelog lint)

1. No fragment announces a new module: antsibull-changelog lists new modules itself, from their
   ``version_added``. A fragment named after a module of plugins/modules is taken as such an announcement.
2. While changelogs/changelog.yaml has no release, there is no ``bugfixes`` or ``security_fixes`` section:
   code that was never released cannot have been fixed for anyone; describe the behaviour in
   ``minor_changes`` (or ``breaking_changes``) instead.
Prints every violation as ``fragment: problem`` and exits 1 if there is one.
"""
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRAGMENTS = os.path.join(ROOT, 'changelogs', 'fragments')


def main():
    modules = {name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
               if name.endswith('.py') and not name.startswith('_')}
    with open(os.path.join(ROOT, 'changelogs', 'changelog.yaml'), encoding='utf-8') as handle:
        released = bool((yaml.safe_load(handle) or {}).get('releases'))
    problems = []
    for name in sorted(os.listdir(FRAGMENTS)):
        if not name.endswith(('.yml', '.yaml')):
            continue
        with open(os.path.join(FRAGMENTS, name), encoding='utf-8') as handle:
            sections = yaml.safe_load(handle) or {}
        if os.path.splitext(name)[0] in modules:
            problems.append('%s: announces a new module; antsibull-changelog lists new modules from version_added' % name)
        if not released:
            for section in ('bugfixes', 'security_fixes'):
                if section in sections:
                    problems.append('%s: %s, but nothing is released yet (changelogs/changelog.yaml): describe the '
                                    'behaviour in minor_changes or breaking_changes' % (name, section))
    for problem in problems:
        print('changelog check: ' + problem)
    if problems:
        return 1
    print('changelog check: %d fragment(s) follow the conventions (no new-module fragments%s)'
          % (len([n for n in os.listdir(FRAGMENTS) if n.endswith(('.yml', '.yaml'))]),
             '' if released else ', no bugfix or security-fix sections before the first release'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
