"""Who may do what, in one place: pure rules over the lanes file.

| who                                   | reply to the customer | card actions | /wa-report                   |
|---------------------------------------|-----------------------|--------------|------------------------------|
| the conversation's owner              | yes                   | manage       | their own numbers            |
| a lane member                         | yes (their lanes)     | work         | their own numbers            |
| a lane lead (`leads` in a lane)       | yes (their lanes)     | work, manage | their lanes                  |
| a workspace lead (`[workspace] leads`)| yes (every lane)      | work, manage | everything                   |
| anyone else in the workspace          | no: kept as a note    | no           | a polite refusal             |
| a user of another Slack team          | no: kept as a note    | no           | no                           |

"Another Slack team" (Slack Connect): the person's team (`user_team` on events,
`user.team_id` on clicks and commands) differs from ours, which is `SLACK_TEAM_ID` when set,
else the team Slack delivered the request for (the envelope's `authorizations[].team_id`,
`team_id`, or the payload's `team.id`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.lanes import Lane, LanesConfig

NOT_IN_LANE = "not_in_lane"
EXTERNAL = "external"


def is_external(user_team: str | None, our_team: str | None) -> bool:
    """A person of another Slack team (Slack Connect). Unknown teams are not judged external."""
    return bool(user_team and our_team and user_team != our_team)


def may_send(lanes: LanesConfig, lane: Lane | None, user: str, *, owner: str | None,
             external: bool = False) -> str | None:
    """None when `user` may write to the customer from the lane's thread; else why not."""
    if external:
        return EXTERNAL
    if user == owner or user in lanes.workspace.leads:
        return None
    if lane is not None and lanes.may_work(user, lane):
        return None
    return NOT_IN_LANE


@dataclass(frozen=True)
class ReportScope:
    """What a person may see in `/wa-report`."""

    everything: bool = False
    lanes: tuple[str, ...] = ()  # the lanes they lead (when not everything)
    own: bool = False  # only their own numbers (a lane member)

    @property
    def refused(self) -> bool:
        return not (self.everything or self.lanes or self.own)


def report_scope(lanes: LanesConfig, user: str | None, *, external: bool = False) -> ReportScope:
    if not user or external:
        return ReportScope()
    if user in lanes.workspace.leads:
        return ReportScope(everything=True)
    led = tuple(lane.name for lane in lanes.lanes if user in lane.leads)
    if led:
        return ReportScope(lanes=led)
    if lanes.lanes_of(user):
        return ReportScope(own=True)
    return ReportScope()


def public_channels(lanes: LanesConfig) -> frozenset[str]:
    """Where `/wa-report … public` may post: a lane's channel or the weekly report's."""
    channels = {lane.channel for lane in lanes.lanes}
    if lanes.weekly_report is not None:
        channels.add(lanes.weekly_report.channel)
    return frozenset(channels)


def may_erase(lanes: LanesConfig, user: str, *, external: bool = False) -> bool:
    """Erasing a customer's data from Slack: workspace leads and lane leads."""
    return not external and (user in lanes.workspace.leads or any(user in lane.leads for lane in lanes.lanes))
