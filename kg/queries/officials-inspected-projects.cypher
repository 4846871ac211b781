// name: officials-inspected-projects
// description: Which officials inspected which projects, optionally within one district and date range.
// param: district | optional | district of the official, e.g. 中原区
// param: from | optional | earliest date (YYYY-MM-DD); partial dates (--MM-DD) are left out when set
// param: to | optional | latest date (YYYY-MM-DD)
MATCH (p:Person)-[e:INSPECTED]->(x:Project)
WHERE ($district IS NULL OR p.district = $district)
  AND ($from IS NULL OR e.last_seen >= $from)
  AND ($to IS NULL OR e.first_seen <= $to)
RETURN p.name AS official, p.district AS district, x.name AS project, e.first_seen AS first_seen,
       e.last_seen AS last_seen, size(e.articles) AS articles
ORDER BY official, project
