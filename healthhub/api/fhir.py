"""The FHIR R4 facade (placeholder)."""

from ninja import NinjaAPI

api = NinjaAPI(urls_namespace="fhir", title="Health Hub FHIR R4 API", version="r4")
