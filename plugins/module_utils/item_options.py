# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A resource module's options, declared once: everything else about its argument spec is derived.

A module with a single form (one item in top-level options) and a bulk form (a list of items) declares:

    ItemOptions(key='name', bulk='phones',
                item={'name': {'type': 'str', 'required': True}, 'number': {'type': 'str'}},
                defaults={'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}},
                task={'force': {'type': 'bool', 'default': False}})

- item: the fields of one item. Each is also a top-level option of the single form (without `required`: the
  bulk form omits it), mutually exclusive with the bulk list.
- defaults: fields an item may set and the task sets for every item that does not (top level with the default,
  in the list without it); they go with either form.
- task: options of the whole task only.
- key: the item field that names the single form; it or the bulk list is required.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ItemOptions:
    key: str
    bulk: str
    item: dict
    defaults: dict = field(default_factory=dict)
    task: dict = field(default_factory=dict)

    def suboptions(self):
        """The spec of one element of the bulk list."""
        spec = {name: dict(value) for name, value in self.item.items()}
        for name, value in self.defaults.items():
            spec[name] = {k: v for k, v in value.items() if k != 'default'}
        return spec

    def argument_spec(self):
        """The module's own options: the single form's copies, the bulk list, the task's options."""
        spec = {name: {k: v for k, v in value.items() if k != 'required'} for name, value in self.item.items()}
        spec.update((name, dict(value)) for name, value in self.defaults.items())
        spec[self.bulk] = {'type': 'list', 'elements': 'dict', 'options': self.suboptions()}
        spec.update((name, dict(value)) for name, value in self.task.items())
        return spec

    def mutually_exclusive(self):
        return [(self.key, self.bulk)] + [(name, self.bulk) for name in self.item if name != self.key]

    def required_one_of(self):
        return [(self.key, self.bulk)]

    def single_item(self, params):
        """The single form's one item, from the top-level options."""
        return {name: params[name] for name in list(self.item) + list(self.defaults)}
