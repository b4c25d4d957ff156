from django.conf import settings


def portal(request):
    return {"VVG_NAME": settings.VVG_NAME}
