import { AdminTwoFactorSetting } from "@/components/auth/admin-two-factor-setting";
import { TwoFactorSettings } from "@/components/auth/two-factor-settings";
import { requirePageRole } from "@/lib/auth/page";
import { twoFactorStatus } from "@/lib/auth/two-factor";

export const dynamic = "force-dynamic";

const SecurityPage = async () => {
  const principal = await requirePageRole("viewer");
  const status = await twoFactorStatus(principal);
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Security</h1>
      {principal.adminNeedsTwoFactor && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:bg-amber-950">
          Admins must use two-factor sign-in on this panel: until you turn it on below, you act as an
          operator.
        </p>
      )}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Two-factor sign-in</h2>
        <TwoFactorSettings enabled={status.enabled} recoveryCodesLeft={status.recoveryCodesLeft} />
      </section>
      {principal.role === "admin" && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">For every admin</h2>
          <AdminTwoFactorSetting required={status.requiredForAdmins} />
        </section>
      )}
    </div>
  );
};

export default SecurityPage;
