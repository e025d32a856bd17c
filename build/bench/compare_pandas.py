#!/usr/bin/python3
"""
The analyst's pandas version of two WPA Explorer analyses, for `npm run bench:compare`: read the
export's raw CSV files and compute

  thread-length   (email threads by originator, grouped by FunctionType, long thread = 5 emails)
  person-metrics  (person-week metrics, summary view, grouped by Organization, working hours 8-17)

written from the definitions the catalogue states (shared/analyses/threadLength.ts,
personMetrics.ts, personWeekMetrics.ts and the derived tables they read), not from its SQL. Every
group is printed with its distinct people; the caller compares groups at or above the privacy
minimum only. The network sizes are not computed here (internal/external_network_size: null).

usage: compare_pandas.py EXPORT_DIR thread-length|person-metrics  → JSON rows on stdout
"""
import json
import sys

import numpy as np
import pandas as pd

NON_PERSON = ['DistributionList', 'MeetingRoom']
DOCUMENTED_TYPES = ['MeasuredEmployee', 'InternalCollaborator', 'ExternalCollaborator', 'DistributionList', 'MeetingRoom']
WORK_START, WORK_END = 8, 17
HOUR = pd.Timedelta(hours=1)



BLANK_LIKE = {'', '#N/A', 'N/A', 'NULL'}


def group_label(grp):
    """The catalogue's group rule: missing, empty, whitespace-only, #N/A, N/A and NULL are one "Unknown"."""
    if grp is None or pd.isna(grp) or str(grp).strip().upper() in BLANK_LIKE:
        return 'Unknown'
    return str(grp)

def read(folder, table, columns, times=()):
    df = pd.read_csv(f'{folder}/{table}.csv', usecols=columns, low_memory=False)
    for c in times:
        df[c] = pd.to_datetime(df[c], errors='coerce')
    return df


def flag(s):
    """A True/False column; empty counts as False."""
    return s.fillna(False).astype(bool) if s.dtype != bool else s


def monday(ts):
    return (ts.dt.normalize() - pd.to_timedelta(ts.dt.weekday, unit='D'))


def after_hours(ts):
    return (ts.dt.weekday >= 5) | (ts.dt.hour < WORK_START) | (ts.dt.hour >= WORK_END)


def people_table(folder, group_by):
    """PersonHistorical versions: the person (masked EmailAddress), population flags, HR validity."""
    ph = read(folder, 'PersonHistorical', ['PersonHistoricalId', 'EmailAddress', 'StartDate', 'EndDate', 'PopulationType', 'ManagerId', 'IsInternal', group_by])
    # People and versions as whole numbers in the order of their text, so min() picks the same one
    # and grouping does not compare 64-character strings.
    ph = ph.sort_values('PersonHistoricalId', ignore_index=True)
    ph['version'] = np.arange(len(ph))
    person = ph['EmailAddress'].fillna(ph['PersonHistoricalId'])
    people = sorted(person.unique())
    ph['pid'] = pd.Categorical(person, categories=people).codes
    pt = ph['PopulationType'].fillna('')
    ph['is_person'] = ~pt.isin(NON_PERSON)
    internal_false = ph['IsInternal'].astype(object).eq(False) | ph['IsInternal'].astype(str).str.lower().eq('false')
    ph['is_external'] = ph['is_person'] & ((pt == 'ExternalCollaborator') | (~pt.isin(DOCUMENTED_TYPES) & internal_false))
    ph['is_measured'] = pt == 'MeasuredEmployee'
    # 9999-12-31 is past pandas' timestamps: an end it cannot hold is "open".
    ph['valid_from'] = pd.to_datetime(ph['StartDate'], errors='coerce').fillna(pd.Timestamp.min)
    ph['valid_to'] = pd.to_datetime(ph['EndDate'], errors='coerce').fillna(pd.Timestamp.max)
    manager = pd.Series(pd.Categorical(ph['ManagerId'].where(ph['ManagerId'].isin(set(ph['EmailAddress'].dropna()))), categories=people).codes)
    ph['manager_pid'] = manager.where(manager >= 0)
    return ph


def mail_events(folder, ph):
    """Participant rows joined to their person, and one row per sent email (with a sender)."""
    mails = read(folder, 'Mails', ['MailId', 'ConversationId', 'SentTime', 'SenderTimeSpentinMinutes'], ['SentTime'])
    mp = read(folder, 'MailParticipants', ['MailId', 'PersonHistoricalId', 'IsSender', 'LocalSentTime', 'PersonTimeSpentInHours', 'PersonTimeSpentInMinutes'], ['LocalSentTime'])
    mp['IsSender'] = flag(mp['IsSender'])
    mp = mp.merge(ph[['PersonHistoricalId', 'version', 'pid', 'is_person', 'is_external', 'is_measured']], on='PersonHistoricalId')
    mp['own'] = mp['PersonTimeSpentInHours'].fillna(mp['PersonTimeSpentInMinutes'] / 60.0)
    mp['person_row'] = mp['is_person'].astype(int)
    mp['sender_missing'] = mp['IsSender'] & mp['own'].isna()
    g = mp.groupby('MailId')
    per = pd.DataFrame({
        'people': g['person_row'].sum(),
        'has_external': g['is_external'].any(),
        'own': g['own'].sum(),
        'sender_missing': g['sender_missing'].any(),
    })
    senders = mp[mp['IsSender']].groupby('MailId')
    per['sender_pid'] = senders['pid'].min()
    per['sender_version'] = senders['version'].min()
    per['sender_is_person'] = senders['is_person'].any()
    per['sender_is_person'] = per['sender_is_person'].fillna(False).astype(bool)
    ev = mails[mails['SentTime'].notna()].merge(per, left_on='MailId', right_index=True)
    ev['hours'] = ev['own'] + np.where(ev['sender_missing'], ev['SenderTimeSpentinMinutes'].fillna(0) / 60.0, 0.0)
    ev['week'] = monday(ev['SentTime'])
    return mp, ev


def thread_length(folder, by='FunctionType', long_threshold=5):
    ph = people_table(folder, by)
    mp, ev = mail_events(folder, ph)
    ev = ev[ev['sender_pid'].notna() & ev['ConversationId'].notna()].sort_values('SentTime', kind='stable')
    contributors = ev[ev['sender_is_person']].groupby('ConversationId')['sender_pid'].nunique()
    g = ev.groupby('ConversationId')
    t = pd.DataFrame({
        'emails': g.size(),
        'first_sent': g['SentTime'].min(),
        'last_sent': g['SentTime'].max(),
        'originator_version': g['sender_version'].first(),
        'originator_pid': g['sender_pid'].first(),
        'touchpoints': g['people'].sum(),
        'email_hours': g['hours'].sum(),
    })
    t['active_contributors'] = contributors.reindex(t.index).fillna(0)
    on = mp[mp['is_person']].merge(ev[['MailId', 'ConversationId']], on='MailId')
    t['participants'] = on.groupby('ConversationId')['pid'].nunique().reindex(t.index).fillna(0)
    span = (t['last_sent'] - t['first_sent']).dt.total_seconds()
    t['lifespan_days'] = span / 86400.0
    t['response_hours'] = (span / 3600.0 / (t['emails'] - 1)).where(t['emails'] > 1)
    # Originators are measured employees (the catalogue's population rule): threads external
    # collaborators start are left out, as the catalogue's thread-length does.
    t = t.merge(ph[ph['is_measured']][['version', by]], left_on='originator_version', right_on='version')
    rows = []
    t[by] = t[by].map(group_label)
    for grp, x in t.groupby(by, dropna=False):
        rows.append({
            'grp': group_label(grp),
            'people': int(x['originator_pid'].nunique()),
            'threads': int(len(x)),
            'emails_sent': int(x['emails'].sum()),
            'touchpoints': int(x['touchpoints'].sum()),
            'distinct_participant_touchpoints': int(x['participants'].sum()),
            'mean_length': x['emails'].mean(),
            'median_length': x['emails'].median(),
            'p90_length': x['emails'].quantile(0.9),
            'share_long': 100.0 * (x['emails'] >= long_threshold).mean(),
            'mean_participants': x['participants'].mean(),
            'mean_active_contributors': x['active_contributors'].mean(),
            'mean_lifespan_days': x['lifespan_days'].mean(),
            'mean_response_hours': x['response_hours'].mean(),
            'email_hours': x['email_hours'].sum(),
            'email_hours_per_thread': x['email_hours'].mean(),
            'participation_workload_hours': x['email_hours'].sum() / x['participants'].sum() if x['participants'].sum() else None,
        })
    return rows


def spread_after_hours(df, start, end, hours):
    """The part of `hours` whose [start, end) interval falls outside working hours, by local clock hour."""
    s, e = df[start], df[end]
    first = s.dt.floor('h')
    last = pd.Series(np.maximum(first.to_numpy(), (e - pd.Timedelta(seconds=1)).dt.floor('h').to_numpy()), index=df.index)
    n = ((last - first) // HOUR).astype(int) + 1
    idx = np.repeat(np.arange(len(df)), n.to_numpy())
    k = np.arange(len(idx)) - np.repeat(np.cumsum(n.to_numpy()) - n.to_numpy(), n.to_numpy())
    slot = first.to_numpy()[idx] + k * np.timedelta64(1, 'h')
    sv, ev = s.to_numpy()[idx], e.to_numpy()[idx]
    total = (ev - sv) / np.timedelta64(1, 's')
    lo = np.maximum(sv, slot)
    hi = np.minimum(ev, slot + np.timedelta64(1, 'h'))
    share = np.where(total > 0, ((hi - lo) / np.timedelta64(1, 's')) / np.where(total > 0, total, 1), 1.0)
    slot_ts = pd.Series(pd.to_datetime(slot))
    outside = after_hours(slot_ts).to_numpy()
    part = df[hours].to_numpy()[idx] * share * outside
    return pd.Series(np.bincount(idx, weights=part, minlength=len(df)), index=df.index)


def export_weeks(folder, mail_ev, meetings, calls, ims):
    meeting_weeks = set(monday(meetings['StartTime'].dropna()))
    ok = calls[calls['LocalEndTime'].notna()]
    call_starts = ok.groupby('CallRecordId')['LocalStartTime'].min().dropna()
    local = set(monday(mail_ev['SentTime'])) | set(monday(call_starts)) | set(monday(ims['SentTime'].dropna()))
    if not meeting_weeks:
        return sorted(local)
    lo, hi = min(meeting_weeks), max(meeting_weeks)
    return sorted(meeting_weeks | {w for w in local if lo <= w <= hi})


def person_metrics(folder, by='Organization'):
    ph = people_table(folder, by)
    mp, mail_ev = mail_events(folder, ph)
    meetings = read(folder, 'Meetings', ['MeetingId', 'IsCanceled', 'StartTime', 'DurationMinutes'], ['StartTime'])
    mtp = read(folder, 'MeetingParticipants', ['MeetingId', 'PersonHistoricalId', 'LocalStartTime', 'IsOrganizer', 'IsDoubleBooked', 'Response', 'DurationMinutesAdjusted', 'NumberOfEmailsDuringMeeting'], ['LocalStartTime'])
    calls = read(folder, 'CallParticipants', ['CallRecordId', 'PersonHistoricalId', 'LocalStartTime', 'LocalEndTime'], ['LocalStartTime', 'LocalEndTime'])
    ims = read(folder, 'InstantMessages', ['InstantMessageId', 'SentTime'], ['SentTime'])
    imp = read(folder, 'InstantMessageParticipants', ['InstantMessageId', 'PersonHistoricalId', 'isAfterHours', 'IsSender', 'LocalSentTime', 'SenderTimeSpentInMinutes'], ['LocalSentTime'])
    who = ph[['PersonHistoricalId', 'pid', 'is_person', 'is_external', 'is_measured', 'manager_pid']]
    parts = []

    # Emails: every participant row of a measured employee, in the week of Mails.SentTime.
    m = mp[mp['is_measured']].merge(mail_ev[['MailId', 'week', 'SentTime', 'SenderTimeSpentinMinutes', 'has_external']], on='MailId')
    h = m['own'].fillna(pd.Series(np.where(m['IsSender'], m['SenderTimeSpentinMinutes'] / 60.0, np.nan), index=m.index)).fillna(0)
    t = m['LocalSentTime'].fillna(m['SentTime'])
    parts.append(pd.DataFrame({'pid': m['pid'], 'week': m['week'], 'emails_sent': m['IsSender'].astype(int), 'email_hours': h,
                               'ext_hours': h.where(m['has_external'], 0), 'after_email': h.where(after_hours(t), 0)}))

    # Meetings attended: people who did not decline; not canceled; at least two such attendees.
    a = mtp.merge(who[who['is_person']], on='PersonHistoricalId')
    a = a[a['Response'].fillna('').str.strip().str.lower() != 'declined']
    a['IsDoubleBooked'] = flag(a['IsDoubleBooked'])
    # Attended (the packages' rule, the catalogue's default): accepted or organised.
    a['attended'] = (a['Response'].fillna('').str.strip().str.lower() == 'accepted') | flag(a['IsOrganizer'])
    att = a.groupby(['MeetingId', 'pid'], as_index=False).agg(
        double=('IsDoubleBooked', 'any'), attended=('attended', 'any'), local_start=('LocalStartTime', 'min'), adjusted=('DurationMinutesAdjusted', 'max'),
        emails_during=('NumberOfEmailsDuringMeeting', 'max'), is_external=('is_external', 'any'), is_measured=('is_measured', 'any'),
        manager_pid=('manager_pid', 'first'))
    per = att.groupby('MeetingId').agg(attendees=('pid', 'size'), has_external=('is_external', 'any'), min_pid=('pid', 'min'), max_pid=('pid', 'max'))
    mt = meetings[~flag(meetings['IsCanceled']) & meetings['StartTime'].notna()].merge(per, left_on='MeetingId', right_index=True)
    mt = mt[mt['attendees'] >= 2]
    x = att[att['is_measured'] & att['attended']].merge(mt, on='MeetingId')
    dur = x['DurationMinutes'].fillna(0)
    x['local_start'] = x['local_start'].fillna(x['StartTime'])
    x['local_end'] = x['local_start'] + pd.to_timedelta(dur, unit='m')
    x['hours'] = x['adjusted'].fillna(x['DurationMinutes']).fillna(0) / 60.0
    other = np.where(x['pid'] == x['min_pid'], x['max_pid'], x['min_pid'])
    one_on_one = (x['attendees'] == 2) & x['manager_pid'].notna() & (x['manager_pid'] == other)
    multitasking = x['emails_during'].fillna(0) >= 2 * np.maximum(1, (x['DurationMinutes'] / 60.0).fillna(0))
    parts.append(pd.DataFrame({'pid': x['pid'], 'week': monday(x['StartTime']), 'meetings': 1, 'meeting_hours': x['hours'],
                               'ext_hours': x['hours'].where(x['has_external'], 0), 'conflicting': x['hours'].where(x['double'], 0),
                               'multitasking': x['hours'].where(multitasking, 0), 'manager_1on1': x['hours'].where(one_on_one, 0),
                               'after_meeting': spread_after_hours(x, 'local_start', 'local_end', 'hours')}))

    # Calls: one leg per CallParticipants row with both times; the week of the call's earliest start.
    c = calls[calls['LocalStartTime'].notna() & calls['LocalEndTime'].notna()].copy()
    c['call_start'] = c.groupby('CallRecordId')['LocalStartTime'].transform('min')
    c = c.merge(who[who['is_person']], on='PersonHistoricalId')
    c['has_external'] = c.groupby('CallRecordId')['is_external'].transform('any')
    c = c[c['is_measured']].copy()
    c['local_end'] = c[['LocalStartTime', 'LocalEndTime']].max(axis=1)
    c['hours'] = ((c['LocalEndTime'] - c['LocalStartTime']).dt.total_seconds().clip(lower=0)) / 3600.0
    parts.append(pd.DataFrame({'pid': c['pid'], 'week': monday(c['call_start']), 'calls': 1, 'call_hours': c['hours'],
                               'ext_hours': c['hours'].where(c['has_external'], 0), 'after_call': spread_after_hours(c, 'LocalStartTime', 'local_end', 'hours')}))

    # IMs: rows of measured employees on messages with a SentTime; hours are the sender's minutes.
    i = imp.merge(who, on='PersonHistoricalId')
    i['IsSender'] = flag(i['IsSender'])
    ext = i.groupby('InstantMessageId')['is_external'].any().rename('has_external')
    i = i[i['is_measured']].merge(ims[ims['SentTime'].notna()], on='InstantMessageId').merge(ext, left_on='InstantMessageId', right_index=True)
    i = i[i['LocalSentTime'].fillna(i['SentTime']).notna()]
    h = np.where(i['IsSender'], i['SenderTimeSpentInMinutes'].fillna(0) / 60.0, 0.0)
    h = pd.Series(h, index=i.index)
    parts.append(pd.DataFrame({'pid': i['pid'], 'week': monday(i['SentTime']), 'ims_sent': i['IsSender'].astype(int),
                               'flagged': (i['IsSender'] & flag(i['isAfterHours'])).astype(int), 'im_hours': h,
                               'ext_hours': h.where(i['has_external'], 0), 'after_im': h.where(after_hours(i['LocalSentTime'].fillna(i['SentTime'])), 0)}))

    act = pd.concat(parts, ignore_index=True).fillna(0).groupby(['pid', 'week']).sum()

    # The population: measured employees × export weeks, with the HR version valid that week.
    weeks = pd.DataFrame({'week': export_weeks(folder, mail_ev, meetings, calls, ims)})
    v = ph[ph['is_measured']][['PersonHistoricalId', 'pid', 'valid_from', 'valid_to', by]]
    pw = weeks.merge(v, how='cross')
    pw = pw[(pw['valid_from'] < pw['week'] + pd.Timedelta(days=7)) & (pw['valid_to'] > pw['week'])]
    pw = pw.sort_values('valid_from').groupby(['week', 'pid']).tail(1)
    pw = pw.merge(act, left_on=['pid', 'week'], right_index=True, how='left').fillna({c: 0 for c in act.columns})

    met = pd.DataFrame({'grp': pw[by].map(group_label), 'pid': pw['pid']})
    met['emails_sent'] = pw['emails_sent']
    met['email_hours'] = pw['email_hours']
    met['meetings'] = pw['meetings']
    met['meeting_hours'] = pw['meeting_hours']
    met['double_booked_meeting_hours'] = pw['conflicting']
    met['multitasking_meeting_hours'] = pw['multitasking']
    met['calls'] = pw['calls']
    met['call_hours'] = pw['call_hours']
    met['ims_sent'] = pw['ims_sent']
    met['im_hours'] = pw['im_hours']
    met['after_hours_ims'] = pw['flagged']
    met['after_hours_email_hours'] = pw['after_email']
    met['after_hours_meeting_hours'] = pw['after_meeting']
    met['after_hours_call_hours'] = pw['after_call']
    met['after_hours_hours'] = pw['after_email'] + pw['after_meeting'] + pw['after_call'] + pw['after_im']
    collab = pw['meeting_hours'] + pw['call_hours'] + pw['email_hours'] + pw['im_hours']
    met['collaboration_hours'] = collab
    met['external_collaboration_hours'] = pw['ext_hours']
    met['internal_collaboration_hours'] = collab - pw['ext_hours']
    met['manager_1on1_hours'] = pw['manager_1on1']
    metrics = [c for c in met.columns if c not in ('grp', 'pid')]

    # Person-first: each person's weekly mean in the group, then the mean over the group's people.
    person = met.groupby(['grp', 'pid'], dropna=False).agg(weeks=('pid', 'size'), **{c: (c, 'mean') for c in metrics}).reset_index()
    rows = []
    for grp, x in person.groupby('grp', dropna=False):
        row = {'grp': group_label(grp), 'people': int(x['pid'].nunique()), 'person_weeks': int(x['weeks'].sum())}
        row.update({c: float(x[c].mean()) for c in metrics})
        row.update({'internal_network_size': None, 'external_network_size': None})
        rows.append(row)
    return rows


def plain(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return None if np.isnan(v) else float(v)
    return v


if __name__ == '__main__':
    folder, which = sys.argv[1], sys.argv[2]
    rows = thread_length(folder) if which == 'thread-length' else person_metrics(folder)
    print(json.dumps([{k: plain(v) for k, v in r.items()} for r in rows]))
