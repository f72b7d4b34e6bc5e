from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin, with the newsroom's site (adminsite/sites.py) as admin.site."""

    default_site = "adminsite.sites.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import readonly_links

        readonly_links.install()
