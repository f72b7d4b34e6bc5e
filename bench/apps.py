from django.apps import AppConfig


class BenchConfig(AppConfig):
    """make bench: the seeder and the reference views. Installed only by bench/settings.py."""

    name = "bench"
    verbose_name = "Benchmark"
