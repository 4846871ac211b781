// name: visits
// description: Visits (调研, 察看, 观摩…), one row per trip: date, who led it, who joined, who accompanied, the places and projects visited, with the sentence that tells it.
// param: name | optional | only visits this person led, joined or accompanied
// param: district | optional | only visits told by this district's articles
// suggest: name | Person
MATCH (v:Visit)-[e:REPORTED_IN]->(:Article)
WHERE ($district IS NULL OR v.district = $district)
  AND ($name IS NULL OR $name IN v.leaders OR $name IN v.participants OR $name IN v.companions)
RETURN v.date AS date, v.leaders AS leaders, v.participants AS participants, v.companions AS companions,
       v.targets AS visited, size(v.targets) AS places, v.district AS district,
       e.evidence_sentence[0] AS sentence, e.evidence_headline[0] AS headline, e.evidence_source[0] AS source,
       [i IN range(0, size(coalesce(e.evidence_sentence, [])) - 1) WHERE i < 3 | {date: e.evidence_date[i], headline: e.evidence_headline[i], source: e.evidence_source[i], sentence: e.evidence_sentence[i]}] AS evidence
ORDER BY v.date_kind, v.date DESC, v.id
