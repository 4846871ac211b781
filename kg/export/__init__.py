"""Stage 5b: exports of the graph — files for Gephi/scripts/neo4j-admin, and the HTML viewer."""
