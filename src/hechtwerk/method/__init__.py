"""The method's shared vocabulary, below every app that uses it.

`codes` holds the codes of the Werkwijze Kuipers and the instruments around it (dimensions,
referral criteria, SamenStarten, vulnerability, the kinds of situation the catalogue matches on);
`ages` holds the one way ages and pregnancy weeks are counted. No models, no database: `instruments`,
`catalogue` and `signalling` import from here, and this package imports no app of ours.
"""
