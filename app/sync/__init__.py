"""The batch format of the exchange with the county (SPEC §8, docs/sync-format.md), and nothing above it.

batch (zip layout, signature), manifest, strictjson, keys, records (the record schemas), receive (the
receiver's checks), atomic (verified writes), tls and transport (the client side of an upload). This
package imports only app.domain, app.errors and app.paths: the township's use cases live in
app/services/exchange/, the county's application in app/county/.
"""
