from django_tasks import task

from . import services


@task()
def generate_document(document_id: int) -> None:
    services.generate(document_id)
