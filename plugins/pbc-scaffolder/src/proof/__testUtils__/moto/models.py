"""Minimal CloudFormation models for the resource types moto's CloudFormation does not create.

moto (5.2) skips types it has no model for with a warning, which would let a stack reach
CREATE_COMPLETE without ever resolving the imports and references of those resources. The
deployment proof registers the models below and makes every other unknown type fail the stack
(see serve.py), so nothing is skipped silently.

Two kinds of model:
- Behavioural: AWS::SNS::Subscription, AWS::SNS::TopicPolicy, AWS::SQS::QueuePolicy call the
  SNS/SQS backends, so a message published on a topic is really delivered to the subscribed
  queue and the policies can be read back with GetQueueAttributes/GetTopicAttributes.
- Recorded: every type in RECORDED_TYPES resolves all its properties (Ref, Fn::GetAtt,
  Fn::ImportValue, Fn::Sub ...) and keeps them; Ref and Fn::GetAtt return stable made-up ids.
  moto has no backend behaviour the proof could check for them (alarms, Config, CloudTrail,
  NACLs, Aurora clusters ...), so the proof checks their wiring, not their behaviour.
"""

import json
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError
from moto.core.common_models import CloudFormationModel
from moto.ec2.models.vpcs import VPCEndPoint
from moto.elbv2.models import FakeTargetGroup
from moto.kms.models import Key as KmsKey
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends
from moto.utilities.utils import get_partition

# moto's model registry files a model under the second part of its module name.
MODULE = "moto.pbcproof.models"

# Every resolved property of every recorded resource, for the harness to read back.
RECORDED: list[dict[str, Any]] = []

RECORDED_TYPES = [
    "AWS::CloudTrail::Trail",
    "AWS::CloudWatch::Alarm",
    "AWS::Config::ConfigurationRecorder",
    "AWS::Config::DeliveryChannel",
    # moto finds no bucket in an S3 destination with a prefix (arn:…:bucket/flow-logs/) and
    # then fails on an IndexError.
    "AWS::EC2::FlowLog",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::SubnetNetworkAclAssociation",
    # For the PBC compute (ECS service scaling) that the patterns are growing.
    "AWS::ECS::ClusterCapacityProviderAssociations",
    "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBClusterParameterGroup",
    # moto models instances without a cluster only (KeyError on aurora-postgresql).
    "AWS::RDS::DBInstance",
    "AWS::S3::BucketPolicy",
]


def _arn(service: str, account_id: str, region: str, resource: str) -> str:
    return f"arn:{get_partition(region)}:{service}:{region}:{account_id}:{resource}"


class RecordedResource:
    """Keeps the resolved properties; each recorded type is this plus CloudFormationModel
    (moto lists models as the direct subclasses of CloudFormationModel)."""

    TYPE = "AWS::SERVICE::RESOURCE"

    def __init__(self, name: str, props: dict[str, Any], account_id: str, region: str, logical_id: str):
        self.name = name
        self.props = props
        self.account_id = account_id
        self.region = region
        self.logical_id = logical_id

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return True

    @property
    def physical_resource_id(self) -> str:
        return self.name

    def get_cfn_attribute(self, attribute_name: str) -> str:
        service = self.TYPE.split("::")[1].lower()
        if attribute_name.endswith("Arn"):
            return _arn(service, self.account_id, self.region, f"{self.logical_id}/{self.name}")
        return f"{self.name}.{attribute_name}"

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str, **kwargs: Any
    ) -> "RecordedResource":
        props = cloudformation_json.get("Properties", {})
        logical_id = kwargs.get("LogicalId", resource_name)
        RECORDED.append(
            {
                "type": cls.TYPE,
                "account": account_id,
                "region": region_name,
                "logicalId": logical_id,
                "properties": props,
            }
        )
        return cls(resource_name, props, account_id, region_name, logical_id)


def _recorded_model(resource_type: str) -> type:
    return type(
        resource_type.replace("::", "") + "Model",
        (RecordedResource, CloudFormationModel),
        {"__module__": MODULE, "TYPE": resource_type, "cloudformation_type": staticmethod(lambda: resource_type)},
    )


class SnsSubscriptionModel(CloudFormationModel):
    """AWS::SNS::Subscription in the topic's account and Region (cross-account and
    cross-Region subscriptions, as CloudFormation creates them with the Region property)."""

    __module__ = MODULE

    def __init__(self, arn: str):
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SNS::Subscription"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str, **kwargs: Any
    ) -> "SnsSubscriptionModel":
        props = cloudformation_json["Properties"]
        topic_arn = props["TopicArn"]
        topic_account, topic_region = topic_arn.split(":")[4], topic_arn.split(":")[3]
        if props.get("Region") and props["Region"] != topic_region:
            raise ValueError(f"Subscription Region {props['Region']} is not the Region of {topic_arn}")
        backend = sns_backends[topic_account][topic_region]
        subscription = backend.subscribe(topic_arn, props["Endpoint"], props["Protocol"])
        if props["Protocol"] == "sqs":
            # moto delivers to sqs_backends[subscription.account_id][queue Region]; a queue in
            # another account is found under the account of its ARN.
            subscription.account_id = props["Endpoint"].split(":")[4]
        for name in ["RawMessageDelivery", "RedrivePolicy", "FilterPolicy", "FilterPolicyScope"]:
            if name in props:
                value = props[name]
                if isinstance(value, bool):
                    value = "true" if value else "false"
                elif isinstance(value, dict):
                    value = json.dumps(value)
                backend.set_subscription_attributes(subscription.arn, name, value)
        subscription.confirmed = True
        return cls(subscription.arn)


class SnsTopicPolicyModel(CloudFormationModel):
    __module__ = MODULE

    def __init__(self, name: str):
        self.name = name

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SNS::TopicPolicy"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str, **kwargs: Any
    ) -> "SnsTopicPolicyModel":
        props = cloudformation_json["Properties"]
        document = json.dumps(props["PolicyDocument"])
        for topic_arn in props["Topics"]:
            sns_backends[account_id][region_name].set_topic_attribute(topic_arn, "policy", document)
        return cls(resource_name)


class SqsQueuePolicyModel(CloudFormationModel):
    __module__ = MODULE

    def __init__(self, name: str):
        self.name = name

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SQS::QueuePolicy"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str, **kwargs: Any
    ) -> "SqsQueuePolicyModel":
        props = cloudformation_json["Properties"]
        document = json.dumps(props["PolicyDocument"])
        for queue_url in props["Queues"]:
            queue_name = queue_url.rstrip("/").split("/")[-1]
            sqs_backends[account_id][region_name].set_queue_attributes(queue_name, {"Policy": document})
        return cls(resource_name)


def _vpc_endpoint_attributes() -> None:
    """moto 5.2's VPC endpoint answers no Fn::GetAtt; the platform exports DnsEntries (the
    payment subnets' endpoints have no private DNS, so PBCs call them by these names)."""

    def get_cfn_attribute(self: Any, attribute_name: str) -> Any:
        if attribute_name == "DnsEntries":
            return [
                f"Z7HUB22UULQXV:{self.id}.{self.service_name.split('.')[-1]}.{self.service_name.split('.')[1]}.vpce.amazonaws.com"
            ]
        if attribute_name == "Id":
            return self.id
        if attribute_name == "NetworkInterfaceIds":
            return []
        if attribute_name == "CreationTimestamp":
            return "2026-01-01T00:00:00Z"
        raise UnformattedGetAttTemplateException()

    VPCEndPoint.get_cfn_attribute = get_cfn_attribute


def _target_group_attributes() -> None:
    """moto 5.2's AWS::ElasticLoadBalancingV2::TargetGroup is created but answers no
    Fn::GetAtt (AttributeError, an HTML 500); a public PBC's alarms and request-count scaling
    read TargetGroupFullName, so answer the attributes CloudFormation documents."""

    def get_cfn_attribute(self: Any, attribute_name: str) -> Any:
        if attribute_name == "TargetGroupFullName":
            # The part of the ARN after the resource type: targetgroup/<name>/<id>.
            return self.arn.split(":", 5)[5]
        if attribute_name == "TargetGroupArn":
            return self.arn
        if attribute_name == "TargetGroupName":
            return self.name
        if attribute_name == "LoadBalancerArns":
            return list(self.load_balancer_arns)
        raise UnformattedGetAttTemplateException()

    FakeTargetGroup.get_cfn_attribute = get_cfn_attribute


def _fix_kms_key_tags() -> None:
    """moto 5.2's AWS::KMS::Key passes CloudFormation's Key/Value tags to a tagger that reads
    TagKey/TagValue (KeyError: 'TagKey'); translate them first."""
    create = KmsKey.create_from_cloudformation_json.__func__

    def create_with_tags(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str, **kwargs: Any) -> Any:
        props = cloudformation_json.get("Properties", {})
        props["Tags"] = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in props.get("Tags", [])]
        return create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)

    KmsKey.create_from_cloudformation_json = classmethod(create_with_tags)


def install() -> list[str]:
    """Registers the models and makes unknown types fail the stack; returns the added types."""
    recorded = [_recorded_model(t) for t in RECORDED_TYPES]
    _fix_kms_key_tags()
    _vpc_endpoint_attributes()
    _target_group_attributes()
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()
    known = parsing.get_model_map()
    original = parsing.resource_class_from_type

    def strict_resource_class_from_type(resource_type: str) -> Any:
        if resource_type not in known and not resource_type.startswith("Custom::") and resource_type not in parsing.NULL_MODELS:
            raise ValidationError(message=f"No CloudFormation model for {resource_type} (moto or src/proof/__testUtils__/moto/models.py)")
        return original(resource_type)

    parsing.resource_class_from_type = strict_resource_class_from_type
    return [m.TYPE for m in recorded] + [
        SnsSubscriptionModel.cloudformation_type(),
        SnsTopicPolicyModel.cloudformation_type(),
        SqsQueuePolicyModel.cloudformation_type(),
    ]
