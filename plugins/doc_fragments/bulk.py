# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option shared by modules with a bulk (list) form."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r'''
options:
  parallel:
    description:
      - How many requests the bulk form keeps in flight at once, over one HTTP session.
      - Every item is attempted; when some fail, the task fails at the end listing each failed item and
        its reason, and still reports what changed.
      - Kept low by default because the CloudAgent API does not document its request-rate limits.
      - Where the account is known to take more, a higher value is close to proportionally faster up to about 16
        (measured at 30 ms per request against the simulator, see docs/performance.md).
    type: int
    default: 4
'''
