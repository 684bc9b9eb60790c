/**
 * The doctor's view of `.ebextensions` Resources: resources by name or type with their file and
 * line, the statements of an IAM policy, the resource an environment property's
 * '`{"Ref" : "…"}`' names, and the checks every IAM policy on the instance role shares.
 */
import type { Ebextensions, Located } from "../eb/ebextensions.js";
import {
  asList,
  asRecord,
  deployTimeFunction,
  propertiesOf,
  recordAt,
  refersTo,
} from "../eb/cloudformation.js";
import { whereIn } from "./deployment.js";

export interface NamedResource {
  name: string;
  type: string;
  properties: Record<string, unknown>;
  located: Located<Record<string, unknown>>;
}

export function resourceNamed(ebextensions: Ebextensions, name: string): NamedResource | undefined {
  const located = ebextensions.resources[name];
  if (located === undefined) return undefined;
  return {
    name,
    type: String(located.value.Type),
    properties: propertiesOf(located.value),
    located,
  };
}

export function resourcesOfType(ebextensions: Ebextensions, type: string): NamedResource[] {
  return Object.keys(ebextensions.resources)
    .flatMap((name) => resourceNamed(ebextensions, name) ?? [])
    .filter((resource) => resource.type === type);
}

/** The logical name an option value '`{"Ref" : "Name"}`' refers to; undefined for anything else. */
export function refTarget(value: unknown): string | undefined {
  const ref = asRecord(deployTimeFunction(value))?.Ref;
  return typeof ref === "string" ? ref : undefined;
}

/** The statements of a policy resource (AWS::IAM::Policy, AWS::SQS::QueuePolicy). */
export function statementsOf(resource: NamedResource): Record<string, unknown>[] {
  return asList(recordAt(resource.properties, "PolicyDocument")?.Statement).flatMap(
    (statement): Record<string, unknown>[] => {
      const record = asRecord(statement);
      return record ? [record] : [];
    },
  );
}

/** Each IAM policy with its statements whose Resource refers to `target` (those without any are left out). */
export function policiesOn(
  ebextensions: Ebextensions,
  target: string,
): { policy: NamedResource; statements: Record<string, unknown>[] }[] {
  return resourcesOfType(ebextensions, "AWS::IAM::Policy").flatMap((policy) => {
    const statements = statementsOf(policy).filter((statement) =>
      refersTo(statement.Resource, target),
    );
    return statements.length === 0 ? [] : [{ policy, statements }];
  });
}

/** The actions of a statement, as written (`dynamodb:GetItem`). */
export function actionsOf(statement: Record<string, unknown>): string[] {
  return asList(statement.Action).map(String);
}

/** The custom option naming the instance profile's role (20-idempotency-table.config). */
export const INSTANCE_ROLE_OPTION = "InstanceRoleName";
const CUSTOM_NAMESPACE = "aws:elasticbeanstalk:customoption";

/**
 * An IAM policy must attach to the instance profile's *role*. Fn::GetOptionSetting of
 * aws:autoscaling:launchconfiguration IamInstanceProfile gives the profile's name or ARN, which
 * is the role's name only by convention (the console-made default); an ARN never is.
 */
export function checkInstanceRoles(root: string, policy: NamedResource): string[] {
  const where = whereIn(root, policy.located);
  const roles = asList(policy.properties.Roles);
  const problems: string[] = [];
  if (roles.length === 0) {
    problems.push(
      `${where}: expected ${policy.name} to name the instance profile's role in Roles, got no role. The policy would grant nothing to the instances.`,
    );
  }
  for (const role of roles) {
    if (recordAt(role, "Fn::GetOptionSetting")?.OptionName === "IamInstanceProfile") {
      problems.push(
        `${where}: expected ${policy.name}'s Roles to name the instance profile's role (the custom option ${INSTANCE_ROLE_OPTION}), got the IamInstanceProfile option. That option names the profile, whose name may differ from its role's and may be an ARN, which Roles refuses.`,
      );
    }
  }
  return problems;
}

/** The custom option must hold a role name: Roles refuses an ARN. */
export function checkInstanceRoleOption(root: string, ebextensions: Ebextensions): string[] {
  const roleName = ebextensions.options[CUSTOM_NAMESPACE]?.[INSTANCE_ROLE_OPTION];
  if (roleName === undefined || !String(roleName.value).startsWith("arn:")) return [];
  return [
    `${whereIn(root, roleName)}: expected ${INSTANCE_ROLE_OPTION} to be a role name such as aws-elasticbeanstalk-ec2-role, got the ARN ${String(roleName.value)}. AWS::IAM::Policy Roles takes role names.`,
  ];
}
