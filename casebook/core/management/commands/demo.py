from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from casebook.calls.seeding import load_seed_calls
from casebook.core.demo import DEMO_CALL_SLUG, create_demo_accounts
from casebook.experts.demo import create_demo_experts
from casebook.intake.demo import create_demo_mail
from casebook.submissions.demo import create_demo_cases


class Command(BaseCommand):
    help = "创建（或沿用）演示数据库，载入两个种子评选活动与演示账号，并在 127.0.0.1 上启动服务。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true",
                            help="只准备数据，不启动服务（供脚本与测试使用）。")

    def handle(self, *args, port, host, no_serve, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        calls = load_seed_calls()
        logins = create_demo_accounts()
        samples = [create_demo_cases(call=call) for call in calls if call.slug == DEMO_CALL_SLUG]
        for call in calls:
            if call.slug == DEMO_CALL_SLUG:
                create_demo_mail(call=call, now=timezone.now())
                create_demo_experts(call=call)
        # Links in emails sent outside a request (allauth) use the Site's domain.
        Site.objects.update_or_create(pk=settings.SITE_ID, defaults={
            "domain": f"{host}:{port}", "name": settings.CASEBOOK_SITE_NAME})
        call_command("collectstatic", interactive=False, verbosity=0)
        db = settings.DATABASES["default"]
        self.stdout.write(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        self.stdout.write("评选活动：" + "、".join(f"{c.title}（{c.slug}）" for c in calls))
        for sample in samples:
            self.stdout.write(f"示例案例（{DEMO_CALL_SLUG}）：{sample.total} 件"
                              + (f"，本次新建 {sample.created} 件" if sample.created else ""))
        self.stdout.write(self.style.SUCCESS(f"演示地址：http://{host}:{port}/"))
        self.stdout.write("演示账号（密码相同）/ demo logins:")
        for login in logins:
            self.stdout.write(f"  {login.role:<28} {login.email:<28} {login.password}")
        self.stdout.write("邮件（注册确认、找回密码）打印在本终端。Emails are printed here.")
        if not no_serve:
            # Imported only now: loading the WSGI app makes WhiteNoise index the
            # static files, which collectstatic has just written.
            from casebook.core.server import serve

            serve(host=host, port=port)
