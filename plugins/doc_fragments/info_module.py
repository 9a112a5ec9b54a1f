# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The attributes every module that only reads shares."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r'''
attributes:
  check_mode:
    support: full
    description: The module only reads; it behaves the same in check mode.
  diff_mode:
    support: none
    description: The module never changes anything.
'''
