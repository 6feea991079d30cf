"""The staff web app: server-rendered pages over the same ``Psc`` door as the CLI.

``create_app()`` (in :mod:`psccore.web.app`) makes the ASGI application that
``psc serve`` runs. The web layer parses, calls ``Psc`` acting as the signed-in staff
member, and renders; it never imports the services or the store.
"""
