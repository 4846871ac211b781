// name: who-attended-which-meeting
// description: Meetings, one row each: name, date, who chaired, who attended, with the sentence that tells it.
// param: name | optional | only meetings this person chaired or attended
// param: district | optional | only meetings told by this district's articles
// suggest: name | Person
MATCH (m:Meeting)-[e:REPORTED_IN]->(:Article)
WHERE ($district IS NULL OR m.district = $district)
  AND ($name IS NULL OR $name IN m.chairs OR $name IN m.attendees)
RETURN m.name AS meeting, m.date AS date, m.chairs AS chairs, m.attendees AS attendees,
       size(m.attendees) AS attendance, m.district AS district,
       e.evidence_sentence[0] AS sentence, e.evidence_headline[0] AS headline, e.evidence_source[0] AS source,
       [i IN range(0, size(coalesce(e.evidence_sentence, [])) - 1) WHERE i < 3 | {date: e.evidence_date[i], headline: e.evidence_headline[i], source: e.evidence_source[i], sentence: e.evidence_sentence[i]}] AS evidence
ORDER BY m.date_kind, m.date DESC, m.id
