// 反馈与投诉: the form (fankui-form), and a way to 我的反馈.
Component({});
