# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The assumptions of docs/api-contract.md that the live suite reports on, in report order.

Ids 1-27 are the rows of the decisions table in docs/architecture.md (a unit test keeps the two in step);
'bearer' is the token header of the auth-styles table in docs/api-contract.md section 1; 'rename' the
new-name key of a phone edit (docs/api-contract.md section 3, issue 14).
"""

from __future__ import annotations

from collections import namedtuple

Assumption = namedtuple('Assumption', 'id title expected')

ASSUMPTIONS = (
    Assumption('1', 'HTTP status of documented error bodies', 'HTTP 200 with the documented body'),
    Assumption('2', 'Rate limiting', 'HTTP 429 + Retry-After + {"message":"Max limit exceeded","status":"error"}'),
    Assumption('3', 'Phone get, not found', '{"status":"error","message":"no record found"}'),
    Assumption('4', 'Phone get, success shape', '{"status":"success","message":[{"phoneNumber":…,"phoneName":…}]}'),
    Assumption('5', 'Phone get keys', 'a non-empty phoneNumber is looked up by number, else phoneName by name '
               '(case-insensitive); neither -> "phoneNumber cannot be empty"'),
    Assumption('6', 'Phone edit/delete of a missing phone', '{"status":"error","message":"no record found"} (the '
               'collection takes any "does not exist" wording on a delete as already absent)'),
    Assumption('7', 'Phone numbers stored as sent', '+91987… and 91987… are different phones; the number comes back '
               'exactly as sent'),
    Assumption('8', 'Unknown skill on create/edit', 'phone written, status success, "record inserted successfully and '
               'failed to insert skills please pass the valid skills"'),
    Assumption('9', 'Block group name already exists on create', '{"status":"error","message":"Group name already exists"}'),
    Assumption('10', 'Group identifier on delete', 'id when present, else groupName; neither -> "Parameters are '
               'mandatory"; unknown name -> "Invalid group id"'),
    Assumption('11', 'blockNumbers on create', 'a comma-separated string is split into its numbers'),
    Assumption('12', 'Block number normalisation by the server', 'spaces/- stripped; +digits kept; 10 digits -> +91…; '
               '0+10 digits -> +91…; 91+10 digits -> +91…; other digits -> output.error as sent'),
    Assumption('13', 'Non-numeric block number', 'whole request rejected with "invalid data" / "Blocknumbers data contains '
               'invalid format of numbers"; nothing written'),
    Assumption('14', 'More than 100 numbers in one request', '{"status":"error","message":"Maximum 100 numbers allowed per '
               'request"}; nothing written'),
    Assumption('15', 'Update counters', 'succes = every accepted number, new = inserted = numbers not yet in the group, '
               'error = rejected numbers'),
    Assumption('16', 'Delete counters', 'success = numbers removed, error = numbers not in the group (as sent), deleted = '
               'count'),
    Assumption('17', 'Update changes description/expiry', 'the group takes the description and expiry sent; an empty '
               'blockNumbers array is allowed'),
    Assumption('18', 'Dynamic DID update', 'full replacement of both lists; both must be non-empty'),
    Assumption('19', 'Dynamic DID feature off', '{"Message":"Dynamic DID for Campaign is not enabled for this account."}'),
    Assumption('20', 'Dynamic DID and the account auth mode', 'works in both modes (apiKey in the body)'),
    Assumption('21', 'campaignStatus with a name', 'case-insensitive match; none -> {"status":"failure","message":"no '
               'record found"}; no/empty name -> every campaign'),
    Assumption('22', 'campaignStatus wrong key', '{"status":"failure","message":"userName or apiKey not valid"}'),
    Assumption('23', 'generateToken on a BASIC_AUTH account', '{"status":"false","message":"Invalid action.","data":null}'),
    Assumption('24', '11th token in an hour', 'rate limited (#2) with Retry-After = seconds until a slot frees'),
    Assumption('25', 'Legacy /CAServices/PhoneManageV2.php', 'GET, query string, same strings as the current API, works '
               'in both account modes'),
    Assumption('26', 'Token layer on /ca_apis/*', 'TOKEN_AUTH: no Bearer -> "Token Should Not be Null or Empty." (or '
               '"Invalid action." with an apiKey header), unknown Bearer -> "Invalid Token"; BASIC_AUTH: Bearer without '
               'apiKey -> "Api Key Should Not be Null or Empty."'),
    Assumption('27', 'Campaign name on dynamic DID update', 'matched exactly (other letter case -> "Campaign not found.")'),
    Assumption('28', 'Phone create or edit to a number another phone holds', 'refused with "phone_name or phone_number '
               'already exist"; nothing written'),
    # Agents (shared/agents-api.md section 7; tests/live/test_live_agent.py).
    Assumption('agent-Q11-unknown', 'AgentDetails of an unknown agentId', '{"status":"error","message":"Agent not found"}'),
    Assumption('agent-Q11-logged-out', 'AgentDetails of a logged-out agent', 'listed: one row with the documented keys'),
    Assumption('agent-Q1', 'createAgent and the fields of updateAgent', 'skills sent on create are not applied (only the '
               'fields of the page\'s error table are)'),
    Assumption('agent-Q2', 'createAgent of an existing agentId', '{"status":"error","message":"Agent Already Exists"}; the '
               'agent unchanged'),
    Assumption('agent-Q4', 'updateAgent with only userName, agentId and one skill', 'accepted (name, email and password '
               'are not required)'),
    Assumption('agent-Q6', 'assignSkills entries', '[{"skillName": <name>}] assigns the skill (AgentDetails lists it)'),
    Assumption('agent-Q5', 'updateAgent with agentName (the current name) and agentNameNew', 'agentNameNew renames; '
               'agentName is not the name to set'),
    Assumption('agent-Q8', 'updateAgent with detailedResponse=true', 'answers a success the collection recognises (the '
               'report shows the body)'),
    Assumption('agent-Q11-no-id', 'AgentDetails without an agentId', 'lists no agent (the collection always sends one)'),
    Assumption('agent-delete-twice', 'deleteAgent twice', '{"Status":"Success","Message":"Agent <id> Deleted '
               'Successfully"}, then {"status":"error","messages":"Invalid agent details or Agent is already deleted"}'),
    Assumption('agent-Q11-limit', 'AgentDetails limit', '10 a minute: the 11th within a minute is refused as rate limited'),
    Assumption('agent-Q18-limit', 'Agent write limit', '5 createAgent a minute: the 6th is refused as rate limited and '
               'creates nothing'),
    Assumption('agent-Q18-scope', 'Agent write limit scope', 'per endpoint: an updateAgent in that minute is not refused'),
    Assumption('rename', 'Phone edit: the key of the new name', 'both PhoneNameNew (the tables) and phoneNameNew (the '
               'sample) rename a phone; the collection sends both, this tells which page is right'),
    Assumption('bearer', 'Token header', 'Authorization: Bearer <token> (with userName in the body) is accepted'),
)

BY_ID = {item.id: item for item in ASSUMPTIONS}
