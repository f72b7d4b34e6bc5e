"""Project-wide middleware."""

from django.conf import settings
from django.urls import reverse


class AdminContentSecurityPolicyMiddleware:
    """Give admin pages the policy CKEditor 4 can live with.

    CKEditor 4 injects inline scripts and styles, so it cannot run under the
    public site's nonce-based policy. Only the admin, used by trusted staff
    and fed only sanitised content, gets the looser one; every other path
    keeps settings.SECURE_CSP. It sits below ContentSecurityPolicyMiddleware
    so it sees the response first and can choose the policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            response._csp_config = settings.ADMIN_CSP
            # The public policy's report-only rollout is not for the admin:
            # CKEditor would fill the report log with expected violations.
            response._csp_ro_config = {}
        return response


class CspReportingEndpointsMiddleware:
    """Name the endpoint that the policies' `report-to` directive refers to.

    Browsers with the Reporting API send CSP reports to the URL named in the
    Reporting-Endpoints header; older ones use `report-uri` from the policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = f'{settings.CSP_REPORT_ENDPOINT}="{settings.CSP_REPORT_PATH}"'

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Reporting-Endpoints", self.header)
        return response
