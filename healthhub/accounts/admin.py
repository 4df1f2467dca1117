from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "hub", "practice", "is_active"]
    list_filter = ["role", "hub", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Role", {"fields": ["role", "hub", "practice"]})]
