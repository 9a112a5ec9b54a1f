# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cloudagent_did in the controller's worker process (plugins/plugin_utils/cloudagent_action.py)."""

from __future__ import annotations

from ansible_collections.ozonetel.cloudagent.plugins.plugin_utils.cloudagent_action import CloudAgentAction


class ActionModule(CloudAgentAction):
    MODULE = 'cloudagent_did'
